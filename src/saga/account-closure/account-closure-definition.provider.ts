import { sagaDefinitions } from '../engine/saga-definitions.provider.js';
import { accountClosureSaga } from './account-closure.saga-definition.js';

/** Registers the account-closure saga with the engine. */
export const AccountClosureDefinition = sagaDefinitions('account-closure', [accountClosureSaga]);
