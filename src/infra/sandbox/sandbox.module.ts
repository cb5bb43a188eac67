import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SandboxProvider } from './sandbox-provider.js';
import { SandboxRequest } from './sandbox-request.entity.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SandboxRequest])],
  providers: [SandboxProvider],
  exports: [SandboxProvider],
})
export class SandboxModule {}
