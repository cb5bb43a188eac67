/** The failure mix of `--mix`: which sagas fail how, and the fault rules that make them fail. */
import { ADMIN, type HttpClient } from './http.js';

export interface Mix {
  /** Fraction of sagas paying with pm_card_chargeDeclined (business failure: ROLLED_BACK). */
  declined: number;
  /** Fraction of sagas whose welcome e-mail fails every attempt (injected fault: ROLLED_BACK). */
  notifyFail: number;
}

export type SagaKind = 'ok' | 'declined' | 'notify-fail';
export const EXPECTED: Record<SagaKind, string> = { ok: 'COMPLETED', declined: 'ROLLED_BACK', 'notify-fail': 'ROLLED_BACK' };

/** Spreads the mix evenly over the sequence (golden-ratio low-discrepancy sequence). */
export function kindOf(i: number, mix: Mix | undefined): SagaKind {
  if (!mix) return 'ok';
  const u = (i * 0.6180339887498949) % 1;
  if (u < mix.declined) return 'declined';
  if (u < mix.declined + mix.notifyFail) return 'notify-fail';
  return 'ok';
}

/**
 * Keeps PUT /admin/faults in step with the notify-fail sagas in flight: one `notifications.send`
 * error rule per such saga's e-mail (the service takes at most 100 rules). A saga is posted only
 * once a PUT that contains its rule has been answered. PUTs are sent one at a time with the whole
 * current set, so a late answer never removes a newer rule.
 */
export class FaultRuleSync {
  private readonly emails = new Set<string>();
  private version = 0;
  private sentVersion = 0;
  private sending: Promise<void> | null = null;
  puts = 0;

  constructor(private readonly client: HttpClient) {}

  async add(email: string): Promise<boolean> {
    if (this.emails.size >= 100) return false;
    this.emails.add(email);
    const wanted = ++this.version;
    while (this.sentVersion < wanted) {
      this.sending ??= this.send().finally(() => (this.sending = null));
      await this.sending;
    }
    return true;
  }

  /** Dropped from the next PUT; a stale rule for a finished saga's unique e-mail matches nothing. */
  remove(email: string): void {
    this.emails.delete(email);
  }

  private async send(): Promise<void> {
    const version = this.version;
    const rules = [...this.emails].map((email) => ({ operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout (bench)', email }));
    const answer = await this.client.request('PUT', '/admin/faults', JSON.stringify({ rules }), ADMIN);
    this.puts++;
    if (answer.status !== 200) throw new Error(`PUT /admin/faults ${answer.status}: ${answer.body.slice(0, 200)}`);
    this.sentVersion = Math.max(this.sentVersion, version);
  }
}
