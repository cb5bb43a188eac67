import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { type AccountSummary, GetAccount } from '../../users/index.js';
import { SagaStarter, startedOrRefused } from '../engine/saga-starter.js';
import { AccountClosureErrors } from './account-closure.errors.js';
import { ACCOUNT_CLOSURE } from './account-closure.saga-definition.js';
import { type AccountClosureStarted, StartAccountClosure } from './start-account-closure.command.js';

/**
 * 404 for an unknown user and 409 unless it is ACTIVE, asked of the users module before the saga
 * starts; the saga's lock settles two closures racing (409), and its first step checks again.
 */
@CommandHandler(StartAccountClosure)
export class StartAccountClosureHandler implements ICommandHandler<StartAccountClosure> {
  constructor(
    private readonly starter: SagaStarter,
    private readonly queries: QueryBus,
  ) {}

  async execute({ input, idempotencyKey, traceParent }: StartAccountClosure): Promise<AccountClosureStarted> {
    const result = await this.starter.start(ACCOUNT_CLOSURE, input, idempotencyKey, undefined, async () => {
      const user = (await this.queries.execute(new GetAccount(input.userId))) as AccountSummary | null;
      if (!user) throw AccountClosureErrors.userNotFound(input.userId);
      if (user.status !== 'ACTIVE') throw AccountClosureErrors.notActive(input.userId, user.status);
    }, traceParent);
    return startedOrRefused(result, {
      keyReused: () => AccountClosureErrors.idempotencyKeyReused(idempotencyKey!),
      locked: () => AccountClosureErrors.alreadyRunning(input.userId),
    });
  }
}
