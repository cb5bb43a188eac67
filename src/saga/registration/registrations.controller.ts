import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../infra/auth/access.decorator.js';
import { ErrorBody } from '../../infra/http/error-body.view.js';
import { toMinorUnits } from '../../infra/money/iso-currency.js';
import { isFinal } from '../engine/saga-status.js';
import { parseIdempotencyKey, parsePreferWait } from '../http/request-headers.js';
import { SagaCompletion } from '../http/saga-completion.js';
import { SagaView } from '../http/saga.view.js';
import { SagaViews } from '../http/saga-views.js';
import { AcceptedPaymentMethodPipe } from './accepted-payment-method.pipe.js';
import { DEFAULT_CURRENCY, RegisterDto } from './register.dto.js';
import { StartRegistration } from './start-registration.command.js';

const registration = (paymentMethod: string) => ({ email: 'ada@example.com', name: 'Ada Lovelace', amount: 99.99, currency: 'USD', paymentMethod });

const LOCATION = { Location: { description: 'The saga: `/sagas/{sagaId}`.', schema: { type: 'string', example: '/sagas/0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10' } } };

@ApiTags('registrations')
@Controller('registrations')
export class RegistrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: SagaViews,
    private readonly completion: SagaCompletion,
  ) {}

  /**
   * 202 with the saga view while it runs; 200 once it has finished, for a replay of the same
   * Idempotency-Key or when `Prefer: wait=N` saw it finish in time.
   */
  @Post()
  @Access('anyone')
  @ApiOperation({
    summary: 'Register a user',
    description:
      'Starts a `user-registration` saga: create the account (PENDING), charge `amount` to `paymentMethod`, send the ' +
      'welcome e-mail; on a failure the steps that succeeded are compensated in reverse order. Answers at once with the ' +
      'saga view and its `Location`; follow the saga with GET /sagas/{sagaId}.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes the request safe to repeat: the same key with the same body returns the same saga (200 once finished, else ' +
      '202) without a second charge; the same key with a different body is 422.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
    example: 'signup-ada-2026-11-22',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: '`wait=N` (RFC 7240), N whole seconds from 0 to 30: wait up to N seconds for the saga to finish and answer 200 if it did.',
    schema: { type: 'string', pattern: '^wait=([0-9]|[12][0-9]|30)$' },
    example: 'wait=10',
  })
  @ApiBody({
    type: RegisterDto,
    examples: {
      visa: {
        summary: 'pm_card_visa: charged, the saga completes',
        description: 'The charge succeeds; with the e-mail sent the saga ends COMPLETED and the user ACTIVE.',
        value: registration('pm_card_visa'),
      },
      mastercard: {
        summary: 'pm_card_mastercard: charged, the saga completes',
        description: 'Same as pm_card_visa: the charge succeeds and the saga ends COMPLETED.',
        value: registration('pm_card_mastercard'),
      },
      insufficientFunds: {
        summary: 'pm_card_chargeDeclinedInsufficientFunds: declined, rolled back',
        description:
          'The charge is declined with `insufficient_funds`, a business failure that is not retried: the account is ' +
          'deleted and the saga ends ROLLED_BACK. The e-mail can register again.',
        value: registration('pm_card_chargeDeclinedInsufficientFunds'),
      },
      declined: {
        summary: 'pm_card_chargeDeclined: declined, rolled back',
        description: 'The charge is declined with `card_declined` (not retried): the account is deleted and the saga ends ROLLED_BACK.',
        value: registration('pm_card_chargeDeclined'),
      },
    },
  })
  @ApiAcceptedResponse({ type: SagaView, headers: LOCATION, description: 'The saga started (or, for a repeated Idempotency-Key, is still running).' })
  @ApiOkResponse({
    type: SagaView,
    headers: LOCATION,
    description: 'The saga has finished: `Prefer: wait=N` saw it finish in time, or a repeated Idempotency-Key found it finished.',
  })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description:
      'Malformed JSON; a body that is not a JSON object, nests deeper than 32 levels, holds more than 1,000 values, or spells a NUL ' +
      'or a lone surrogate; a missing or invalid field (at most 10 messages), an unknown field, an unknown payment method, or a bad ' +
      'header. No saga is started.',
  })
  @ApiConflictResponse({ type: ErrorBody, description: 'The e-mail is held by a PENDING or ACTIVE user (`REGISTRATION.EMAIL_TAKEN`).' })
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'The body is over 100 kB.' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorBody, description: 'The body is not `application/json` (a form, text, multipart) or not UTF-8.' })
  @ApiUnprocessableEntityResponse({
    type: ErrorBody,
    description: 'The Idempotency-Key was already used with a different body (`REGISTRATION.IDEMPOTENCY_KEY_REUSED`).',
  })
  async register(
    @Body(AcceptedPaymentMethodPipe) body: RegisterDto,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Headers('traceparent') traceParent: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    const waitSeconds = parsePreferWait(prefer);
    const currency = body.currency ?? DEFAULT_CURRENCY;
    const request = {
      email: body.email,
      name: body.name ?? null,
      amountCents: toMinorUnits(body.amount, currency),
      currency,
      paymentMethod: body.paymentMethod,
    };
    const { sagaId, replayed, status, started } = await this.commands.execute(new StartRegistration(request, idempotencyKey, traceParent ?? null));
    if (waitSeconds > 0 && !isFinal(status)) {
      await this.completion.waitFor(sagaId, waitSeconds * 1000, async () => isFinal((await this.views.status(sagaId))!));
    }
    // A saga this request started and did not wait for is shown as committed, without reading it back.
    const view = started && waitSeconds === 0 ? this.views.present(started) : await this.views.get(sagaId);
    const finishedAnswer = isFinal(view.status) && (replayed || waitSeconds > 0);
    response.status(finishedAnswer ? 200 : 202).location(`/sagas/${sagaId}`);
    return view;
  }
}
