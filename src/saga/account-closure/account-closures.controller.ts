import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../infra/auth/access.decorator.js';
import { ErrorBody } from '../../infra/http/error-body.view.js';
import { isFinal } from '../engine/saga-status.js';
import { parseIdempotencyKey, parsePreferWait } from '../http/request-headers.js';
import { SagaCompletion } from '../http/saga-completion.js';
import { SagaView } from '../http/saga.view.js';
import { SagaViews } from '../http/saga-views.js';
import { CloseAccountDto } from './close-account.dto.js';
import { StartAccountClosure } from './start-account-closure.command.js';

@ApiTags('account closure')
@Controller('users')
export class AccountClosuresController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: SagaViews,
    private readonly completion: SagaCompletion,
  ) {}

  /** 202 with the saga view while it runs; 200 once finished (a replay, or `Prefer: wait=N` saw it finish). */
  @Post(':id/closure')
  @Access('operator')
  @ApiOperation({
    summary: 'Close an account',
    description:
      'Starts an `account-closure` saga: suspend the account, refund its registration charge (the pivot: past it the saga ' +
      'only goes forward), send the goodbye e-mail, delete the account. A failure before the pivot reactivates the ' +
      'account; after it, the remaining steps are retried until they succeed.',
  })
  @ApiParam({ name: 'id', description: 'The user id.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'As for POST /registrations.', schema: { type: 'string', minLength: 1, maxLength: 255 } })
  @ApiHeader({ name: 'Prefer', required: false, description: '`wait=N`, N from 0 to 30 seconds, as for POST /registrations.', schema: { type: 'string' } })
  @ApiAcceptedResponse({ type: SagaView, description: 'The closure started (or, for a repeated Idempotency-Key, is still running).' })
  @ApiOkResponse({ type: SagaView, description: 'The closure has finished.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Malformed JSON, a bad `reason`, an unknown field, or a bad header.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such user (`CLOSURE.USER_NOT_FOUND`).' })
  @ApiConflictResponse({ type: ErrorBody, description: 'The user is not ACTIVE (`CLOSURE.NOT_ACTIVE`), or a closure is running (`CLOSURE.ALREADY_RUNNING`).' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'The Idempotency-Key was already used with a different request (`CLOSURE.IDEMPOTENCY_KEY_REUSED`).' })
  async close(
    @Param('id') userId: string,
    @Body() body: CloseAccountDto,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Headers('traceparent') traceParent: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    const waitSeconds = parsePreferWait(prefer);
    const input = { userId, reason: body?.reason ?? null };
    const { sagaId, replayed, status, started } = await this.commands.execute(new StartAccountClosure(input, idempotencyKey, traceParent ?? null));
    if (waitSeconds > 0 && !isFinal(status)) {
      await this.completion.waitFor(sagaId, waitSeconds * 1000, async () => isFinal((await this.views.status(sagaId))!));
    }
    const view = started && waitSeconds === 0 ? this.views.present(started) : await this.views.get(sagaId);
    response.status(isFinal(view.status) && (replayed || waitSeconds > 0) ? 200 : 202).location(`/sagas/${sagaId}`);
    return view;
  }
}
