import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CancelSagaDto } from '../cancel-saga.dto.js';
import { ResolveIncidentDto } from '../incidents.controller.js';

/** Every console form carries the session's CSRF token (checked by ConsoleGuard). */
class WithCsrf {
  @IsString() @MaxLength(100)
  _csrf: string;
}

/** Resolve an incident, or retry a saga: the API's own `note` rules. */
export class NoteForm extends ResolveIncidentDto {
  @IsString() @MaxLength(100)
  _csrf: string;
}

/** Cancel a saga: the API's own `reason` rules. */
export class ReasonForm extends CancelSagaDto {
  @IsString() @MaxLength(100)
  _csrf: string;
}

/** Sign out: the token alone. */
export class SignOutForm extends WithCsrf {}

/** Sign in with an API key's secret; `next` is where the person was going. */
export class SignInForm {
  @IsString() @MaxLength(512)
  secret: string;

  @IsOptional() @IsString() @MaxLength(2000)
  next?: string;
}

/** A console path to go to after sign-in: only our own pages, never another site (`//evil`). */
export const safeNext = (next: string | undefined) => (next && /^\/console(\/[A-Za-z0-9/_-]*)?(\?[^\s]*)?$/.test(next) && !next.startsWith('//') ? next : '/console');
