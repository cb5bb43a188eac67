import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EntityTable, EntityTables } from '../infra/database/entity-table.js';
import { newId } from '../infra/database/new-id.js';
import { isUniqueViolation } from '../infra/database/unique-violation.js';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { errorMessage } from '../infra/error-message.js';
import { FaultInjector } from '../infra/faults/fault-injector.js';
import { ANSWERED, type CorrelatedAnswer, StepAnswers } from '../infra/messages/step-answers.js';
import { AccountCreated } from './account-created.event.js';
import { AccountCreationFailed } from './account-creation-failed.event.js';
import { CreateAccount } from './create-account.command.js';
import { User } from './user.entity.js';
import { UserErrors } from './users.errors.js';

/**
 * Idempotent per saga: a redelivered CreateAccount answers with the account already made. It is
 * not looked for first: the account's saga id is unique, so a redelivery's INSERT fails and the
 * account is read then. A redelivery is rare (the account commits with the saga's record of its
 * answer, so the saga has moved on unless that record was refused), and a read before every
 * INSERT was a read batch's round trip on every registration's way.
 */
@CommandHandler(CreateAccount)
export class CreateAccountHandler implements ICommandHandler<CreateAccount> {
  private readonly users: EntityTable<User>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly faults: FaultInjector,
    private readonly answers: StepAnswers,
    tables: EntityTables,
  ) {
    this.users = tables.of(User);
  }

  async execute(command: CreateAccount): Promise<void> {
    const answer = await this.createAccount(command);
    if (answer !== ANSWERED) this.answers.publish(answer);
  }

  /** The answer to publish, or ANSWERED when it was committed (and published) with the account. */
  private async createAccount({ correlation, email, name }: CreateAccount): Promise<CorrelatedAnswer | typeof ANSWERED> {
    const { sagaId } = correlation;
    try {
      await this.faults.intercept('users.create', email);
      const now = Date.now();
      const user: User = { id: newId(), sagaId, email, name, status: 'PENDING', suspensionSagaId: null, createdAt: now, updatedAt: now };
      return await this.answers.commit(correlation.sagaId, async (manager) => {
        await this.users.insert(manager, [user]);
        return new AccountCreated(correlation, user.id);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) return new AccountCreationFailed(correlation, errorMessage(error), true);
      // Either a duplicate delivery raced us (same saga), or the e-mail is held by a live account.
      const raced = await this.findBySaga(sagaId);
      if (raced) return new AccountCreated(correlation, raced.id);
      return new AccountCreationFailed(correlation, `${UserErrors.emailTaken}: ${email} is already registered`, false);
    }
  }

  private findBySaga(sagaId: string) {
    return this.uow.read((manager) => this.users.findOne(manager, ['sagaId'], [sagaId]));
  }
}
