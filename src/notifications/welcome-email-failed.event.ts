import { OperationFailed } from '../infra/messages/operation-failed.event.js';

export class WelcomeEmailFailed extends OperationFailed {}
