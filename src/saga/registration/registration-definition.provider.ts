import { sagaDefinitions } from '../engine/saga-definitions.provider.js';
import { registrationSaga } from './registration.saga-definition.js';

/** Registers the registration saga with the engine. */
export const RegistrationDefinition = sagaDefinitions('registration', [registrationSaga]);
