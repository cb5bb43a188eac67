import { ProviderRefusedError } from '../infra/faults/provider-refused.error.js';
import { ProviderUnavailableError } from '../infra/faults/provider-unavailable.error.js';

/** The fields nodemailer sets on a failed send. */
interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  /** Set by nodemailer for a permanent (5yz, not 503) reply. */
  permanent?: boolean;
}

/** Logs hold addresses only masked, and a reply often quotes the recipient: `a***@example.com`. */
const maskAddresses = (text: string) => text.replace(/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@/g, '$1***@');

/**
 * What a failed send becomes. A permanent reply (5yz, e.g. 550 for the recipient) and an address
 * the client itself refuses are business failures: the same message would be refused again.
 * Everything else (a 4yz reply such as 451, a dropped connection, a timeout, the server gone)
 * is transient, and the saga retries it.
 */
export function smtpFailure(error: unknown): Error {
  const e = (error instanceof Error ? error : new Error(String(error))) as NodemailerError;
  const reply = e.response ? maskAddresses(e.response.trim()) : null;
  const refusedByClient = e.code === 'EENVELOPE' && !e.responseCode;
  if (e.permanent || refusedByClient) {
    return new ProviderRefusedError(`SMTP ${e.command ?? 'send'} refused: ${reply ?? maskAddresses(e.message)}`);
  }
  const detail = maskAddresses(e.message.replace(/^Error: /, ''));
  const what = reply ? `SMTP ${e.command ?? 'send'} deferred: ${reply}` : `SMTP ${e.code ?? 'connection failed'}: ${detail}`;
  return new ProviderUnavailableError(what);
}
