import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorBody } from '../infra/http/error-body.view.js';
import { ListSagasQuery } from './list-sagas.query.js';
import { RetryCompensations } from './retry-compensations.command.js';
import { SagaPageView } from './saga-page.view.js';
import { SagaView } from './saga.view.js';
import { SagaViews } from './saga-views.js';
import { Access, Actor } from '../infra/auth/access.decorator.js';

@ApiTags('sagas')
@Controller('sagas')
export class SagasController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: SagaViews,
  ) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'List sagas, newest first', description: 'Cursor-paged: pass `nextCursor` back as `cursor` until it is null. Items carry no history.' })
  @ApiOkResponse({ type: SagaPageView })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Unknown status, limit outside 1..100, a cursor this API did not return, or an unknown parameter.' })
  list(@Query() query: ListSagasQuery) {
    return this.views.list({ status: query.status, limit: query.limit ?? 20, cursor: query.cursor, stuck: query.stuck ?? false });
  }

  @Get(':id')
  @Access('anyone') // the id is the capability the registrant holds
  @ApiOperation({ summary: 'Get a saga', description: 'Its status, each step with attempts, output and error, and the audit trail.' })
  @ApiParam({ name: 'id', description: 'The saga id.' })
  @ApiOkResponse({ type: SagaView })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such saga.' })
  get(@Param('id') id: string) {
    return this.views.get(id);
  }

  /** Runs a PARTIALLY_ROLLED_BACK saga's given-up compensations again; 409 in any other status or once resolved by hand. */
  @Post(':id/retry')
  @Access('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: "Retry a partially rolled back saga's compensations",
    description:
      'Runs the given-up compensations of a PARTIALLY_ROLLED_BACK saga whose incident is still OPEN again, with a fresh ' +
      'attempt budget. When they succeed the saga becomes ROLLED_BACK and its incident RESOLVED; poll GET /sagas/{id} to ' +
      'see it. Once the incident was resolved by hand the saga is not retried: the person may already have undone the effect.',
  })
  @ApiParam({ name: 'id', description: 'The saga id.' })
  @ApiAcceptedResponse({ type: SagaView, description: 'The compensations were started again; the saga is COMPENSATING.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such saga.' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'The saga is not PARTIALLY_ROLLED_BACK (`SAGA.NOT_RETRYABLE`), or its incident was resolved by hand (`SAGA.RESOLVED_BY_HAND`).',
  })
  async retry(@Param('id') id: string, @Actor() actor: string) {
    await this.commands.execute(new RetryCompensations(id, actor));
    return this.views.get(id);
  }
}
