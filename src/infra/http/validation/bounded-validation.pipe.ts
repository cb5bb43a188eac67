import { BadRequestException, type ValidationError, ValidationPipe } from '@nestjs/common';

/** A 400 lists at most this many problems, each cut to MAX_MESSAGE_LENGTH: enough to fix a request, small whatever was sent. */
export const MAX_ERROR_MESSAGES = 10;
const MAX_MESSAGE_LENGTH = 300;

function cut(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const last = message.charCodeAt(MAX_MESSAGE_LENGTH - 1);
  // Not between the two halves of a surrogate pair.
  return `${message.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_MESSAGE_LENGTH - 1 : MAX_MESSAGE_LENGTH)}…`;
}

/**
 * Nest's ValidationPipe with its list of messages cut to the first MAX_ERROR_MESSAGES: a body
 * with thousands of unknown or invalid fields answered a 400 of almost a megabyte. Messages that
 * quote a field name are cut too (`property <90 kB of name> should not exist`).
 */
export class BoundedValidationPipe extends ValidationPipe {
  override createExceptionFactory() {
    return (errors: ValidationError[] = []) => new BadRequestException(this.flattenValidationErrors(errors).slice(0, MAX_ERROR_MESSAGES).map(cut));
  }
}
