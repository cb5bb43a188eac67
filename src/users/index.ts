/** The users module's public face: the commands it accepts and the events it emits. */
export { AccountActivated } from './account-activated.event.js';
export { AccountActivationFailed } from './account-activation-failed.event.js';
export { AccountCreated } from './account-created.event.js';
export { AccountCreationFailed } from './account-creation-failed.event.js';
export { AccountDeleted } from './account-deleted.event.js';
export { AccountDeletionFailed } from './account-deletion-failed.event.js';
export { ActivateAccount } from './activate-account.command.js';
export { CreateAccount } from './create-account.command.js';
export { DeleteAccount } from './delete-account.command.js';
export { UsersModule } from './users.module.js';
