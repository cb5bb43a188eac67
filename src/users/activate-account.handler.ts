import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { AccountActivated } from './account-activated.event.js';
import { AccountActivationFailed } from './account-activation-failed.event.js';
import { ActivateAccount } from './activate-account.command.js';
import { User } from './user.entity.js';
import { UserErrors } from './users.errors.js';

@CommandHandler(ActivateAccount)
export class ActivateAccountHandler implements ICommandHandler<ActivateAccount> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: EventBus,
  ) {}

  async execute(command: ActivateAccount): Promise<void> {
    this.events.publish(await this.activate(command));
  }

  private async activate({ correlation, userId }: ActivateAccount) {
    try {
      const activated = await this.uow.transaction(async (manager) => {
        const result = await manager.update(User, { id: userId, status: 'PENDING' }, { status: 'ACTIVE', updatedAt: Date.now() });
        if (result.affected) return true;
        const user = await manager.findOneBy(User, { id: userId });
        return user?.status === 'ACTIVE';
      });
      return activated
        ? new AccountActivated(correlation, userId)
        : new AccountActivationFailed(correlation, `${UserErrors.deleted}: account ${userId} cannot be activated`, false);
    } catch (error) {
      return new AccountActivationFailed(correlation, errorMessage(error), true);
    }
  }
}
