import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
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
    private readonly events: EventBus,
  ) {}

  async execute(command: DeleteAccount): Promise<void> {
    this.events.publish(await this.deleteAccount(command));
  }

  private async deleteAccount({ correlation, userId }: DeleteAccount) {
    try {
      const user = await this.uow.read((manager) => manager.findOneBy(User, { id: userId }));
      if (user && user.status !== 'DELETED') {
        await this.faults.intercept('users.delete', user.email);
        await this.uow.transaction((manager) =>
          manager.update(User, { id: userId }, { status: 'DELETED', updatedAt: Date.now() }),
        );
      }
      return new AccountDeleted(correlation, userId);
    } catch (error) {
      return new AccountDeletionFailed(correlation, errorMessage(error), true);
    }
  }
}
