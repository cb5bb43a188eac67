import { ConsoleActionsController } from './console-actions.controller.js';
import { ConsoleAssetsController } from './console-assets.controller.js';
import { ConsoleGuard } from './console-access.js';
import { ConsolePagesController } from './console-pages.controller.js';
import { ConsoleReader } from './console-reader.js';
import { ConsoleSessions } from './console-sessions.js';
import { ConsoleSignInController } from './console-sign-in.controller.js';
import { SagaCounts } from './saga-counts.js';

/** The operator console (GET /console): its controllers and services, mounted by SagaModule beside the API. */
export const CONSOLE_CONTROLLERS = [ConsoleSignInController, ConsolePagesController, ConsoleActionsController, ConsoleAssetsController];
export const CONSOLE_PROVIDERS = [ConsoleSessions, ConsoleGuard, ConsoleReader, SagaCounts];
