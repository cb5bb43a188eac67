import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { ANSWERED, type CorrelatedAnswer, StepAnswers } from '../infra/messages/step-answers.js';
import { FaultInjector } from '../infra/faults/fault-injector.js';
import { AccountDeleted } from './account-deleted.event.js';
import { AccountDeletionFailed } from './account-deletion-failed.event.js';
import { DeleteAccount } from './delete-account.command.js';
import { User } from './user.entity.js';

/** Deleting an account that is gone or already DELETED succeeds: the compensation is idempotent. */
@CommandHandler(DeleteAccount)
export class DeleteAccountHandler implements ICommandHandler<DeleteAccount> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly faults: FaultInjector,
    private readonly answers: StepAnswers,
  ) {}

  async execute(command: DeleteAccount): Promise<void> {
    const answer = await this.deleteAccount(command);
    if (answer !== ANSWERED) this.answers.publish(answer);
  }

  /** The answer to publish, or ANSWERED when it was committed (and published) with the deletion. */
  private async deleteAccount({ correlation, userId }: DeleteAccount): Promise<CorrelatedAnswer | typeof ANSWERED> {
    try {
      const user = await this.uow.read((manager) => manager.findOneBy(User, { id: userId }));
      if (user && user.status !== 'DELETED') {
        await this.faults.intercept('users.delete', user.email);
        return await this.answers.commit(correlation.sagaId, async (manager) => {
          await manager.update(User, { id: userId }, { status: 'DELETED', updatedAt: Date.now() });
          return new AccountDeleted(correlation, userId);
        });
      }
      return new AccountDeleted(correlation, userId);
    } catch (error) {
      return new AccountDeletionFailed(correlation, errorMessage(error), true);
    }
  }
}
