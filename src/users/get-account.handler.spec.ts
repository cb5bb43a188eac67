import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { anAccount, type ModuleFixture, openModuleFixture } from '../../test/support/module-fixture.js';
import { GetAccount } from './get-account.query.js';
import { GetAccountHandler } from './get-account.handler.js';
import { User } from './user.entity.js';

describe('GetAccountHandler', () => {
  let f: ModuleFixture;
  beforeEach(async () => (f = await openModuleFixture()));
  afterEach(() => f.close());

  it('answers the id, e-mail, name and status of an account, and null for an unknown id', async () => {
    const user = anAccount({ status: 'SUSPENDED', suspensionSagaId: 'closure-1' });
    await f.uow.transaction((m) => m.insert(User, user));
    const handler = new GetAccountHandler(f.uow);
    expect(await handler.execute(new GetAccount(user.id))).toEqual({ id: user.id, email: user.email, name: user.name, status: 'SUSPENDED' });
    expect(await handler.execute(new GetAccount('nobody'))).toBeNull();
  });
});
