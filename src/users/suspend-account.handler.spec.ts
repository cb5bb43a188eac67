import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { anAccount, failUpdatesOf, type ModuleFixture, openModuleFixture } from '../../test/support/module-fixture.js';
import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { AccountSuspended } from './account-suspended.event.js';
import { AccountSuspensionFailed } from './account-suspension-failed.event.js';
import { ReactivateAccount } from './reactivate-account.command.js';
import { ReactivateAccountHandler } from './reactivate-account.handler.js';
import { SuspendAccount } from './suspend-account.command.js';
import { SuspendAccountHandler } from './suspend-account.handler.js';
import { User } from './user.entity.js';

const step = (sagaId: string, attempt = 1): StepCorrelation => ({ sagaId, step: 'suspend-account', attempt });

describe('SuspendAccountHandler', () => {
  let f: ModuleFixture;
  let handler: SuspendAccountHandler;
  const account = (id: string) => f.uow.read((m) => m.findOneByOrFail(User, { id }));

  beforeEach(async () => {
    f = await openModuleFixture();
    handler = new SuspendAccountHandler(f.answers);
  });
  afterEach(() => f.close());

  it('suspends an ACTIVE account for the saga and answers with its e-mail and name, the correlation unchanged', async () => {
    const user = anAccount();
    await f.uow.transaction((m) => m.insert(User, user));
    await handler.execute(new SuspendAccount(step('closure-1'), user.id));
    expect(f.published).toEqual([new AccountSuspended(step('closure-1'), user.id, user.email, user.name)]);
    expect(await account(user.id)).toMatchObject({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
  });

  it('answers a redelivery of the same saga from the record, without a second write', async () => {
    const user = anAccount();
    await f.uow.transaction((m) => m.insert(User, user));
    await handler.execute(new SuspendAccount(step('closure-1'), user.id));
    const { updatedAt } = await account(user.id);
    await failUpdatesOf(f.dataSource, 'users');
    await handler.execute(new SuspendAccount(step('closure-1', 2), user.id));
    expect(f.published[1]).toEqual(new AccountSuspended(step('closure-1', 2), user.id, user.email, user.name));
    expect((await account(user.id)).updatedAt).toBe(updatedAt);
  });

  it.each([
    ['PENDING', null],
    ['DELETED', null],
    ['SUSPENDED', 'closure-other'],
  ] as const)('refuses an account that is %s (business failure ACCOUNT.NOT_ACTIVE) and leaves it as it is', async (status, holder) => {
    const user = anAccount({ status, suspensionSagaId: holder });
    await f.uow.transaction((m) => m.insert(User, user));
    await handler.execute(new SuspendAccount(step('closure-1'), user.id));
    expect(f.published).toEqual([expect.objectContaining({ correlation: step('closure-1'), code: 'ACCOUNT.NOT_ACTIVE', retryable: false })]);
    expect(f.published[0]).toBeInstanceOf(AccountSuspensionFailed);
    expect(await account(user.id)).toMatchObject({ status, suspensionSagaId: holder });
  });

  it('refuses an unknown account with ACCOUNT.NOT_FOUND', async () => {
    await handler.execute(new SuspendAccount(step('closure-1'), 'nobody'));
    expect(f.published).toEqual([expect.objectContaining({ code: 'ACCOUNT.NOT_FOUND', retryable: false })]);
  });

  it('lets only one of two sagas racing for the same account suspend it', async () => {
    const user = anAccount();
    await f.uow.transaction((m) => m.insert(User, user));
    await Promise.all([handler.execute(new SuspendAccount(step('closure-a'), user.id)), handler.execute(new SuspendAccount(step('closure-b'), user.id))]);
    const winners = f.published.filter((e) => e instanceof AccountSuspended);
    expect(winners).toHaveLength(1);
    expect(f.published.filter((e) => e instanceof AccountSuspensionFailed)).toEqual([expect.objectContaining({ code: 'ACCOUNT.NOT_ACTIVE' })]);
    expect((await account(user.id)).suspensionSagaId).toBe((winners[0] as AccountSuspended).correlation.sagaId);
  });

  it('refuses a suspension that arrives after its own saga released the account (ACCOUNT.SUSPENSION_RELEASED)', async () => {
    const user = anAccount();
    await f.uow.transaction((m) => m.insert(User, user));
    await new ReactivateAccountHandler(f.answers).execute(new ReactivateAccount(step('closure-1'), user.id));
    await handler.execute(new SuspendAccount(step('closure-1'), user.id));
    expect(f.published[1]).toEqual(expect.objectContaining({ code: 'ACCOUNT.SUSPENSION_RELEASED', retryable: false }));
    expect((await account(user.id)).status).toBe('ACTIVE');
  });

  it('answers a transient ACCOUNT.UNAVAILABLE when the database fails the write', async () => {
    const user = anAccount();
    await f.uow.transaction((m) => m.insert(User, user));
    await failUpdatesOf(f.dataSource, 'users');
    await handler.execute(new SuspendAccount(step('closure-1'), user.id));
    expect(f.published).toEqual([expect.objectContaining({ correlation: step('closure-1'), code: 'ACCOUNT.UNAVAILABLE', retryable: true, error: expect.stringContaining('disk I/O error') })]);
    expect((await account(user.id)).status).toBe('ACTIVE');
  });
});
