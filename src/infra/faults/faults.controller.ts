import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { ErrorBody } from '../http/error-body.view.js';
import { FaultInjector } from './fault-injector.js';
import { FaultRulesDto } from './fault-rules.dto.js';
import { FaultRulesView } from './fault-rules.view.js';
import { Access } from '../auth/access.decorator.js';

/** Mounted only with FAULT_INJECTION=on; otherwise these routes do not exist (404). */
@ApiTags('admin')
@Controller('admin/faults')
@Access('admin')
export class FaultsController {
  constructor(private readonly faults: FaultInjector) {}

  @Put()
  @ApiOperation({
    summary: 'Replace the fault rules',
    description: 'Makes the sandbox providers fail on demand, at their boundary, so the saga runs its real code path. Only with FAULT_INJECTION=on.',
  })
  @ApiOkResponse({ type: FaultRulesView, description: 'The rules now in force.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Malformed JSON, an unknown operation or mode, an invalid field, more than 100 rules.' })
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'The body is over 100 kB.' })
  replace(@Body() body: FaultRulesDto) {
    this.faults.replace(body.rules);
    return { rules: this.faults.list() };
  }

  @Get()
  @ApiOperation({ summary: 'List the fault rules', description: 'With how often each has fired.' })
  @ApiOkResponse({ type: FaultRulesView })
  list() {
    return { rules: this.faults.list() };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear the fault rules' })
  @ApiNoContentResponse({ description: 'No rules are in force.' })
  clear(): void {
    this.faults.clear();
  }
}
