import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FaultInjector } from '../infra/faults/fault-injector.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { publishAnswer } from '../infra/messages/publish-answer.js';
import { StepAnswers } from '../infra/messages/step-answers.js';
import { AccountClosed } from './account-closed.event.js';
import { AccountClosureFailed } from './account-closure-failed.event.js';
import { CloseAccount } from './close-account.command.js';
import { User } from './user.entity.js';
import { UserErrors } from './users.errors.js';

/**
 * SUSPENDED (by this saga) → DELETED. An account already DELETED is closed: the redelivery
 * answers AccountClosed without a second write or a second call through `users.delete`.
 */
@CommandHandler(CloseAccount)
export class CloseAccountHandler implements ICommandHandler<CloseAccount> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly faults: FaultInjector,
    private readonly answers: StepAnswers,
  ) {}

  execute(command: CloseAccount): Promise<void> {
    const { correlation } = command;
    return publishAnswer(
      this.answers,
      () => this.close(command),
      (message) => new AccountClosureFailed(correlation, UserErrors.unavailable, message, true),
    );
  }

  private async close({ correlation, userId }: CloseAccount) {
    const { sagaId } = correlation;
    const closed = new AccountClosed(correlation, userId);
    const decide = (user: User | null) => {
      if (!user) return new AccountClosureFailed(correlation, UserErrors.accountNotFound, `Account ${userId} does not exist`, false);
      if (user.status === 'DELETED') return closed;
      if (user.status === 'SUSPENDED' && user.suspensionSagaId === sagaId) return null;
      return new AccountClosureFailed(correlation, UserErrors.notSuspended, `Account ${userId} is ${user.status} and not suspended by this saga`, false);
    };
    const user = await this.uow.read((manager) => manager.findOneBy(User, { id: userId }));
    const answer = decide(user);
    if (answer) return answer;
    // The user store's call, where `users.delete` faults act; outside the transaction, so that a
    // hanging fault holds no lock.
    await this.faults.intercept('users.delete', user!.email);
    return this.answers.commit(correlation.sagaId, async (manager) => {
      const { affected } = await manager.update(
        User,
        { id: userId, status: 'SUSPENDED', suspensionSagaId: sagaId },
        { status: 'DELETED', updatedAt: Date.now() },
      );
      return affected ? closed : (decide(await manager.findOneBy(User, { id: userId })) ?? closed);
    });
  }
}
