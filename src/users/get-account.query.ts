import type { UserStatus } from './user.entity.js';

/** What another module may know of an account. */
export interface AccountSummary {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly status: UserStatus;
}

/**
 * Read one account through the QueryBus (`queryBus.execute(new GetAccount(id))`): an
 * AccountSummary, or null when no account has that id. For a route that must answer 404 or 409
 * before it starts a saga; the saga's steps still decide for themselves (the account may change).
 */
export class GetAccount {
  constructor(readonly userId: string) {}
}
