import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { RegisterDto } from './register.dto.js';
import { parseIdempotencyKey, parsePreferWait } from './registration-headers.js';
import { SagaCompletion } from './saga-completion.js';
import { isFinal, SagaViews } from './saga-views.js';
import { StartRegistration } from './start-registration.command.js';

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
  async register(
    @Body() body: RegisterDto,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    const waitSeconds = parsePreferWait(prefer);
    const request = {
      email: body.email,
      name: body.name ?? null,
      amountCents: Math.round(body.amount * 100),
      currency: body.currency ?? 'USD',
      paymentMethod: body.paymentMethod,
    };
    const { sagaId, replayed } = await this.commands.execute(new StartRegistration(request, idempotencyKey));
    if (waitSeconds > 0) {
      await this.completion.waitFor(sagaId, waitSeconds * 1000, async () => isFinal((await this.views.status(sagaId))!));
    }
    const view = await this.views.get(sagaId);
    const finishedAnswer = isFinal(view.status) && (replayed || waitSeconds > 0);
    response.status(finishedAnswer ? 200 : 202).location(`/sagas/${sagaId}`);
    return view;
  }
}
