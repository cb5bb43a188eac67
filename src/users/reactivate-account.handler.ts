import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { publishAnswer } from '../infra/messages/publish-answer.js';
import { StepAnswers } from '../infra/messages/step-answers.js';
import { AccountReactivated } from './account-reactivated.event.js';
import { AccountReactivationFailed } from './account-reactivation-failed.event.js';
import { ReactivateAccount } from './reactivate-account.command.js';
import { User } from './user.entity.js';
import { UserErrors } from './users.errors.js';

/**
 * Lifts the suspension this saga holds. Idempotent: ACTIVE again after our own suspension, or a
 * suspension we never held (a missing account, another saga's lock), succeeds without touching
 * another saga's state. Only an account our closure already DELETED cannot come back.
 */
@CommandHandler(ReactivateAccount)
export class ReactivateAccountHandler implements ICommandHandler<ReactivateAccount> {
  constructor(
    private readonly answers: StepAnswers,
  ) {}

  execute(command: ReactivateAccount): Promise<void> {
    const { correlation } = command;
    return publishAnswer(
      this.answers,
      () => this.reactivate(command),
      (message) => new AccountReactivationFailed(correlation, UserErrors.unavailable, message, true),
    );
  }

  private reactivate({ correlation, userId }: ReactivateAccount) {
    const { sagaId } = correlation;
    const reactivated = new AccountReactivated(correlation, userId);
    return this.answers.commit(correlation.sagaId, async (manager) => {
      const user = await manager.findOneBy(User, { id: userId });
      if (!user) return reactivated;
      const ours = user.suspensionSagaId === sagaId;
      if (ours && user.status === 'DELETED') {
        return new AccountReactivationFailed(correlation, UserErrors.deleted, `Account ${userId} was deleted by this closure`, false);
      }
      if (ours && user.status === 'SUSPENDED') {
        await manager.update(User, { id: userId, status: 'SUSPENDED', suspensionSagaId: sagaId }, { status: 'ACTIVE', updatedAt: Date.now() });
      } else if (!ours && user.status === 'ACTIVE') {
        // The compensation ran before its suspension (a timed-out attempt): leave our saga's name
        // behind so that the suspension, should it still arrive, is refused as released.
        await manager.update(User, { id: userId, status: 'ACTIVE' }, { suspensionSagaId: sagaId, updatedAt: Date.now() });
      }
      return reactivated;
    });
  }
}
