import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SPAN_EXPORTER, spanExporterFor, Tracing } from './tracing.js';

/** The tracer (or none, when OTEL_EXPORTER_OTLP_ENDPOINT is unset), for every module. */
@Global()
@Module({
  providers: [{ provide: SPAN_EXPORTER, useFactory: spanExporterFor, inject: [AppConfig] }, Tracing],
  exports: [Tracing],
})
export class TracingModule {}
