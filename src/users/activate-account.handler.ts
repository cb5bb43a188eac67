import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EntityTable, EntityTables } from '../infra/database/entity-table.js';
import { errorMessage } from '../infra/error-message.js';
import { StepAnswers } from '../infra/messages/step-answers.js';
import { AccountActivated } from './account-activated.event.js';
import { AccountActivationFailed } from './account-activation-failed.event.js';
import { ActivateAccount } from './activate-account.command.js';
import { User } from './user.entity.js';
import { UserErrors } from './users.errors.js';

@CommandHandler(ActivateAccount)
export class ActivateAccountHandler implements ICommandHandler<ActivateAccount> {
  private readonly users: EntityTable<User>;

  constructor(
    private readonly answers: StepAnswers,
    tables: EntityTables,
  ) {
    this.users = tables.of(User);
  }

  /** The activation, or the refusal it decided on, commits with the saga's record of it. */
  async execute({ correlation, userId }: ActivateAccount): Promise<void> {
    try {
      await this.answers.commit(correlation.sagaId, async (manager) => {
        const changed = await this.users.updateWhere(manager, { id: userId, status: 'PENDING' }, { status: 'ACTIVE', updatedAt: Date.now() });
        const activated = changed > 0 || (await this.users.findOne(manager, ['id'], [userId]))?.status === 'ACTIVE';
        return activated
          ? new AccountActivated(correlation, userId)
          : new AccountActivationFailed(correlation, `${UserErrors.deleted}: account ${userId} cannot be activated`, false);
      });
    } catch (error) {
      this.answers.publish(new AccountActivationFailed(correlation, errorMessage(error), true));
    }
  }
}
