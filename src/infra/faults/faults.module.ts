import { DynamicModule, Global, Module } from '@nestjs/common';
import { FaultInjector } from './fault-injector.js';
import { FaultsController } from './faults.controller.js';

@Global()
@Module({})
export class FaultsModule {
  static register(enabled: boolean): DynamicModule {
    return {
      module: FaultsModule,
      controllers: enabled ? [FaultsController] : [],
      providers: [FaultInjector],
      exports: [FaultInjector],
    };
  }
}
