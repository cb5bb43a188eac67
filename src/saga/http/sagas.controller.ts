import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { Access, Actor } from '../../infra/auth/access.decorator.js';
import { ErrorBody } from '../../infra/http/error-body.view.js';
import { CancelSaga } from '../engine/cancel-saga.command.js';
import { RetrySaga } from '../engine/retry-saga.command.js';
import { CancelSagaDto } from './cancel-saga.dto.js';
import { ListSagasQuery } from './list-sagas.query.js';
import { SagaPageView } from './saga-page.view.js';
import { SagaView } from './saga.view.js';
import { SagaViews } from './saga-views.js';

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
    return this.views.list({
      status: query.status,
      type: query.type,
      limit: query.limit ?? 20,
      cursor: query.cursor,
      stuck: query.stuck ?? false,
      createdFrom: query.createdFrom ? Date.parse(query.createdFrom) : undefined,
      createdTo: query.createdTo ? Date.parse(query.createdTo) : undefined,
      email: query.email,
      userId: query.userId,
    });
  }

  @Get(':id')
  @Access('anyone')
  @ApiOperation({ summary: 'Get a saga', description: 'Its status, each step with attempts, output and error, and the audit trail.' })
  @ApiParam({ name: 'id', description: 'The saga id.' })
  @ApiOkResponse({ type: SagaView })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such saga.' })
  get(@Param('id') id: string) {
    return this.views.get(id);
  }

  /** Runs a PARTIALLY_ROLLED_BACK saga's given-up compensations again; 409 in any other status. */
  @Post(':id/retry')
  @Access('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: "Retry a partially rolled back saga's compensations",
    description:
      'Runs the given-up compensations of a PARTIALLY_ROLLED_BACK saga whose incident is still OPEN again, with a fresh ' +
      'attempt budget. When they succeed the saga becomes ROLLED_BACK and its incident RESOLVED; poll GET /sagas/{id} to ' +
      'see it. Once the incident was resolved by hand the saga is not retried: the person may already have undone the effect. ' +
      'For a saga past its pivot that keeps retrying a step, retries it now.',
  })
  @ApiParam({ name: 'id', description: 'The saga id.' })
  @ApiAcceptedResponse({ type: SagaView, description: 'The compensations were started again; the saga is COMPENSATING.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such saga.' })
  @ApiConflictResponse({
    type: ErrorBody,
    description:
      'The saga is neither PARTIALLY_ROLLED_BACK nor retrying a step past its pivot (`SAGA.NOT_RETRYABLE`), or its incident was resolved by hand (`SAGA.RESOLVED_BY_HAND`).',
  })
  async retry(@Param('id') id: string, @Actor() actor: string) {
    await this.commands.execute(new RetrySaga(id, actor));
    return this.views.get(id);
  }

  /** Stops a RUNNING saga before its pivot; it compensates what succeeded. 409 otherwise. */
  @Post(':id/cancel')
  @Access('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Cancel a running saga',
    description:
      'The saga stops going forward and compensates the steps that succeeded; its attempt in flight, if any, is treated ' +
      'as timed out (and compensated should its success arrive late). It ends ROLLED_BACK or PARTIALLY_ROLLED_BACK. The ' +
      "reason and the operator are recorded in the saga's history.",
  })
  @ApiParam({ name: 'id', description: 'The saga id.' })
  @ApiAcceptedResponse({ type: SagaView, description: 'The saga is COMPENSATING.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Malformed JSON, `reason` missing, empty or too long, or an unknown field.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such saga.' })
  @ApiConflictResponse({ type: ErrorBody, description: 'The saga is not RUNNING, or has passed its pivot step (`SAGA.NOT_CANCELLABLE`).' })
  async cancel(@Param('id') id: string, @Body() body: CancelSagaDto, @Actor() actor: string) {
    await this.commands.execute(new CancelSaga(id, body.reason, actor));
    return this.views.get(id);
  }
}
