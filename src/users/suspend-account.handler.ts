import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { publishAnswer } from '../infra/messages/publish-answer.js';
import { StepAnswers } from '../infra/messages/step-answers.js';
import { AccountSuspended } from './account-suspended.event.js';
import { AccountSuspensionFailed } from './account-suspension-failed.event.js';
import { SuspendAccount } from './suspend-account.command.js';
import { User } from './user.entity.js';
import { UserErrors } from './users.errors.js';

/**
 * ACTIVE → SUSPENDED, recording the saga in `suspensionSagaId`. A redelivery from the same saga
 * answers AccountSuspended again without a second write; the UPDATE is conditional on ACTIVE, so
 * of two sagas racing for one account exactly one wins (the other is refused ACCOUNT.NOT_ACTIVE).
 */
@CommandHandler(SuspendAccount)
export class SuspendAccountHandler implements ICommandHandler<SuspendAccount> {
  constructor(
    private readonly answers: StepAnswers,
  ) {}

  execute(command: SuspendAccount): Promise<void> {
    const { correlation } = command;
    return publishAnswer(
      this.answers,
      () => this.suspend(command),
      (message) => new AccountSuspensionFailed(correlation, UserErrors.unavailable, message, true),
    );
  }

  private suspend({ correlation, userId }: SuspendAccount) {
    const refuse = (code: string, message: string) => new AccountSuspensionFailed(correlation, code, message, false);
    return this.answers.commit(correlation.sagaId, async (manager) => {
      const user = await manager.findOneBy(User, { id: userId });
      if (!user) return refuse(UserErrors.accountNotFound, `Account ${userId} does not exist`);
      const suspended = new AccountSuspended(correlation, user.id, user.email, user.name);
      if (user.suspensionSagaId === correlation.sagaId) {
        // Ours already: a replay, unless our own compensation released it before this arrived.
        return user.status === 'ACTIVE' ? refuse(UserErrors.suspensionReleased, `Account ${userId} was already released by this saga`) : suspended;
      }
      if (user.status !== 'ACTIVE') return refuse(UserErrors.notActive, `Account ${userId} is ${user.status}, not ACTIVE`);
      const { affected } = await manager.update(
        User,
        { id: userId, status: 'ACTIVE' },
        { status: 'SUSPENDED', suspensionSagaId: correlation.sagaId, updatedAt: Date.now() },
      );
      return affected ? suspended : refuse(UserErrors.notActive, `Account ${userId} was taken by another saga`);
    });
  }
}
