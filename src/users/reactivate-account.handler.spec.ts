import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { anAccount, failUpdatesOf, type ModuleFixture, openModuleFixture } from '../../test/support/module-fixture.js';
import type { StepCorrelation } from '../infra/messages/step-correlation.js';
import { AccountReactivated } from './account-reactivated.event.js';
import { ReactivateAccount } from './reactivate-account.command.js';
import { ReactivateAccountHandler } from './reactivate-account.handler.js';
import { User } from './user.entity.js';

const compensation = (sagaId: string, attempt = 1): StepCorrelation => ({ sagaId, step: 'suspend-account', attempt });

describe('ReactivateAccountHandler', () => {
  let f: ModuleFixture;
  let handler: ReactivateAccountHandler;
  const account = (id: string) => f.uow.read((m) => m.findOneByOrFail(User, { id }));
  const given = async (overrides: Partial<User>) => {
    const user = anAccount(overrides);
    await f.uow.transaction((m) => m.insert(User, user));
    return user;
  };

  beforeEach(async () => {
    f = await openModuleFixture();
    handler = new ReactivateAccountHandler(f.answers);
  });
  afterEach(() => f.close());

  it('turns the account this saga suspended ACTIVE again', async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    await handler.execute(new ReactivateAccount(compensation('closure-1'), user.id));
    expect(f.published).toEqual([new AccountReactivated(compensation('closure-1'), user.id)]);
    expect(await account(user.id)).toMatchObject({ status: 'ACTIVE', suspensionSagaId: 'closure-1' });
  });

  it('answers a redelivery without a second write', async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    await handler.execute(new ReactivateAccount(compensation('closure-1'), user.id));
    await failUpdatesOf(f.dataSource, 'users');
    await handler.execute(new ReactivateAccount(compensation('closure-1', 2), user.id));
    expect(f.published[1]).toEqual(new AccountReactivated(compensation('closure-1', 2), user.id));
  });

  it("leaves another saga's suspension alone and succeeds: there was nothing of this saga to undo", async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-other' });
    await handler.execute(new ReactivateAccount(compensation('closure-1'), user.id));
    expect(f.published).toEqual([new AccountReactivated(compensation('closure-1'), user.id)]);
    expect(await account(user.id)).toMatchObject({ status: 'SUSPENDED', suspensionSagaId: 'closure-other' });
  });

  it('succeeds for an unknown account', async () => {
    await handler.execute(new ReactivateAccount(compensation('closure-1'), 'nobody'));
    expect(f.published).toEqual([new AccountReactivated(compensation('closure-1'), 'nobody')]);
  });

  it('refuses an account this saga already deleted (business failure ACCOUNT.DELETED)', async () => {
    const user = await given({ status: 'DELETED', suspensionSagaId: 'closure-1' });
    await handler.execute(new ReactivateAccount(compensation('closure-1'), user.id));
    expect(f.published).toEqual([expect.objectContaining({ correlation: compensation('closure-1'), code: 'ACCOUNT.DELETED', retryable: false })]);
    expect((await account(user.id)).status).toBe('DELETED');
  });

  it('answers a transient ACCOUNT.UNAVAILABLE when the database fails the write', async () => {
    const user = await given({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    await failUpdatesOf(f.dataSource, 'users');
    await handler.execute(new ReactivateAccount(compensation('closure-1'), user.id));
    expect(f.published).toEqual([expect.objectContaining({ code: 'ACCOUNT.UNAVAILABLE', retryable: true })]);
    expect((await account(user.id)).status).toBe('SUSPENDED');
  });
});
