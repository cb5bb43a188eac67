import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { anAccount, failUpdatesOf, type ModuleFixture, openModuleFixture } from '../../test/support/module-fixture.js';
import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { AccountClosed } from './account-closed.event.js';
import { CloseAccount } from './close-account.command.js';
import { CloseAccountHandler } from './close-account.handler.js';
import { User } from './user.entity.js';

const step = (sagaId: string, attempt = 1): StepCorrelation => ({ sagaId, step: 'delete-account', attempt });

describe('CloseAccountHandler', () => {
  let f: ModuleFixture;
  let handler: CloseAccountHandler;
  const account = (id: string) => f.uow.read((m) => m.findOneByOrFail(User, { id }));
  const given = async (overrides: Partial<User>) => {
    const user = anAccount(overrides);
    await f.uow.transaction((m) => m.insert(User, user));
    return user;
  };

  beforeEach(async () => {
    f = await openModuleFixture();
    handler = new CloseAccountHandler(f.uow, f.faults, f.answers);
  });
  afterEach(() => f.close());

  it('deletes the account this saga suspended, which frees its e-mail for a new registration', async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    await handler.execute(new CloseAccount(step('closure-1'), user.id));
    expect(f.published).toEqual([new AccountClosed(step('closure-1'), user.id)]);
    expect((await account(user.id)).status).toBe('DELETED');
    const again = anAccount({ email: user.email, status: 'PENDING' });
    await f.uow.transaction((m) => m.insert(User, again));
    expect((await account(again.id)).email).toBe(user.email);
  });

  it('answers a redelivery from the record: no second write, no second call through users.delete', async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    await handler.execute(new CloseAccount(step('closure-1'), user.id));
    f.faults.replace([{ operation: 'users.delete', mode: 'error', message: 'user store down', email: user.email }]);
    await handler.execute(new CloseAccount(step('closure-1', 2), user.id));
    expect(f.published[1]).toEqual(new AccountClosed(step('closure-1', 2), user.id));
    expect(f.faults.list()[0].fired).toBe(0);
  });

  it.each([
    ['ACTIVE', null],
    ['PENDING', null],
    ['SUSPENDED', 'closure-other'],
  ] as const)('refuses an account that is %s and not suspended by this saga (ACCOUNT.NOT_SUSPENDED)', async (status, holder) => {
    const user = await given({ status, suspensionSagaId: holder });
    await handler.execute(new CloseAccount(step('closure-1'), user.id));
    expect(f.published).toEqual([expect.objectContaining({ correlation: step('closure-1'), code: 'ACCOUNT.NOT_SUSPENDED', retryable: false })]);
    expect((await account(user.id)).status).toBe(status);
  });

  it('refuses an unknown account with ACCOUNT.NOT_FOUND', async () => {
    await handler.execute(new CloseAccount(step('closure-1'), 'nobody'));
    expect(f.published).toEqual([expect.objectContaining({ code: 'ACCOUNT.NOT_FOUND', retryable: false })]);
  });

  it("fails transiently (ACCOUNT.UNAVAILABLE) when a users.delete rule for the account's e-mail fires, and deletes on the retry", async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    f.faults.replace([
      { operation: 'users.delete', mode: 'error', message: 'someone.else only', email: 'someone.else@example.com' },
      { operation: 'users.delete', mode: 'error', message: 'user store timeout', times: 1, email: user.email.toUpperCase() },
    ]);
    await handler.execute(new CloseAccount(step('closure-1'), user.id));
    expect(f.published).toEqual([expect.objectContaining({ correlation: step('closure-1'), code: 'ACCOUNT.UNAVAILABLE', error: 'user store timeout', retryable: true })]);
    expect((await account(user.id)).status).toBe('SUSPENDED');
    await handler.execute(new CloseAccount(step('closure-1', 2), user.id));
    expect(f.published[1]).toEqual(new AccountClosed(step('closure-1', 2), user.id));
    expect(f.faults.list().map((r) => r.fired)).toEqual([0, 1]);
  });

  it('answers a transient ACCOUNT.UNAVAILABLE when the database fails the write', async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    await failUpdatesOf(f.dataSource, 'users');
    await handler.execute(new CloseAccount(step('closure-1'), user.id));
    expect(f.published).toEqual([expect.objectContaining({ code: 'ACCOUNT.UNAVAILABLE', retryable: true })]);
  });
});
