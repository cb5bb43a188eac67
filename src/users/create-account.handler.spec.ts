import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type ModuleFixture, openModuleFixture } from '../../test/support/module-fixture.js';
import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { AccountCreated } from './account-created.event.js';
import { CreateAccount } from './create-account.command.js';
import { CreateAccountHandler } from './create-account.handler.js';
import { User } from './user.entity.js';

const step = (sagaId: string, attempt = 1): StepCorrelation => ({ sagaId, step: 'create-account', attempt });

describe('CreateAccountHandler', () => {
  let f: ModuleFixture;
  let handler: CreateAccountHandler;
  const accounts = () => f.uow.read((m) => m.find(User, { order: { createdAt: 'ASC' } }));

  beforeEach(async () => {
    f = await openModuleFixture();
    handler = new CreateAccountHandler(f.uow, f.faults, f.answers, f.tables);
  });
  afterEach(() => f.close());

  it('creates a PENDING account and answers with its id', async () => {
    await handler.execute(new CreateAccount(step('saga-1'), 'ada@example.com', 'Ada'));
    const [user] = await accounts();
    expect(user).toMatchObject({ sagaId: 'saga-1', email: 'ada@example.com', name: 'Ada', status: 'PENDING' });
    expect(f.published).toEqual([new AccountCreated(step('saga-1'), user.id)]);
  });

  it('answers a redelivery with the account already made: no second account', async () => {
    await handler.execute(new CreateAccount(step('saga-1'), 'ada@example.com', 'Ada'));
    await handler.execute(new CreateAccount(step('saga-1', 2), 'ada@example.com', 'Ada'));
    const users = await accounts();
    expect(users).toHaveLength(1);
    expect(f.published[1]).toEqual(new AccountCreated(step('saga-1', 2), users[0].id));
  });

  it("refuses another saga's registration of a live account's e-mail, for good (ACCOUNT.EMAIL_TAKEN)", async () => {
    await handler.execute(new CreateAccount(step('saga-1'), 'ada@example.com', 'Ada'));
    await handler.execute(new CreateAccount(step('saga-2'), 'ada@example.com', 'Ada'));
    expect(await accounts()).toHaveLength(1);
    expect(f.published[1]).toEqual(expect.objectContaining({ correlation: step('saga-2'), retryable: false, error: expect.stringMatching(/^ACCOUNT\.EMAIL_TAKEN: ada@example\.com/) }));
  });
});
