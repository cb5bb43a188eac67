import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ListSagasQuery } from './list-sagas.query.js';
import { RetryCompensations } from './retry-compensations.command.js';
import { SagaViews } from './saga-views.js';

@Controller('sagas')
export class SagasController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: SagaViews,
  ) {}

  @Get()
  list(@Query() query: ListSagasQuery) {
    return this.views.list({ status: query.status, limit: query.limit ?? 20, cursor: query.cursor });
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.views.get(id);
  }

  /** Runs a PARTIALLY_ROLLED_BACK saga's given-up compensations again; 409 in any other status. */
  @Post(':id/retry')
  @HttpCode(202)
  async retry(@Param('id') id: string) {
    await this.commands.execute(new RetryCompensations(id));
    return this.views.get(id);
  }
}
