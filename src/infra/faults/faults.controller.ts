import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { FaultInjector } from './fault-injector.js';
import { FaultRulesDto } from './fault-rules.dto.js';

/** Mounted only with FAULT_INJECTION=on; otherwise these routes do not exist (404). */
@Controller('admin/faults')
export class FaultsController {
  constructor(private readonly faults: FaultInjector) {}

  @Put()
  replace(@Body() body: FaultRulesDto) {
    this.faults.replace(body.rules);
    return { rules: this.faults.list() };
  }

  @Get()
  list() {
    return { rules: this.faults.list() };
  }

  @Delete()
  @HttpCode(204)
  clear(): void {
    this.faults.clear();
  }
}
