import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the part of Stripe's API the gateway adapter uses, in the test process,
 * reached through the official SDK (STRIPE_API_URL). No library plays Stripe's idempotency
 * layer (stripe-mock answers statelessly), hence this one.
 *
 * As Stripe documents for API v1:
 * - POST /v1/payment_intents (confirm=true) with the test cards: `pm_card_visa`, `pm_card_mastercard`
 *   succeed; `pm_card_chargeDeclined` (`generic_decline`) and `pm_card_chargeDeclinedInsufficientFunds`
 *   (`insufficient_funds`) answer 402 `card_error`; `pm_card_authenticationRequired` needs 3-D Secure
 *   (`requires_action`); any other id is a 400 `resource_missing`. POST /v1/refunds refunds a
 *   succeeded PaymentIntent once (`charge_already_refunded` after).
 * - Idempotency: the first answer of a key (once the endpoint began executing, errors included)
 *   is saved and replayed, with `Idempotent-Replayed: true`, to the same key with the same
 *   parameters; the same key with other parameters or another endpoint is a 400 `idempotency_error`;
 *   the same key while its first request still executes is a 409. Rate limiting and injected
 *   failures run in front of that layer, so a 429 or 500 from `failNext` is not saved.
 * - A wrong secret key is a 401.
 */
export interface StripeStandIn {
  url: string;
  secretKey: string;
  /** Every request that reached the API, in order. */
  requests: RecordedRequest[];
  paymentIntents: PaymentIntentRecord[];
  refunds: RefundRecord[];
  /** The next `count` requests (matching `path`, when given) answer `status` before the idempotency layer. */
  failNext(count: number, status: 429 | 500 | 503, path?: string): void;
  /**
   * Requests whose `POST /v1/path?body` (decoded) contains `needle` (`amount=1234&`, `/v1/refunds`, a key) take
   * effect at once but keep executing until `release()`:
   * meanwhile their key answers 409, and the client may time out or die without an answer.
   */
  hold(needle: string): { held: () => number; release: () => void };
  /** The PaymentIntents created for one idempotency key (metadata[idempotency_key]). */
  intentsFor(idempotencyKey: string): PaymentIntentRecord[];
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Record<string, string>;
  status: number;
  replayed: boolean;
}

export interface PaymentIntentRecord {
  id: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  status: string;
  idempotencyKey: string | null;
  metadata: Record<string, string>;
  refunded: boolean;
}

export interface RefundRecord {
  id: string;
  paymentIntent: string;
  amount: number;
}

interface Answer {
  status: number;
  body: unknown;
}

interface SavedAnswer extends Answer {
  endpoint: string;
  params: string;
}

const DECLINES: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
};
const SUCCEEDS = new Set(['pm_card_visa', 'pm_card_mastercard']);

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const stripeError = (status: number, error: Record<string, unknown>): Answer => ({ status, body: { error } });

export async function startStripeStandIn(options: { secretKey?: string; latencyMs?: number } = {}): Promise<StripeStandIn> {
  const secretKey = options.secretKey ?? 'sk_test_standin0123456789';
  const saved = new Map<string, SavedAnswer>();
  const executing = new Set<string>();
  const failures: Array<{ status: number; path?: string }> = [];
  const holds: Array<{ needle: string; waiting: Array<() => void>; released: boolean }> = [];
  const requests: RecordedRequest[] = [];
  const paymentIntents: PaymentIntentRecord[] = [];
  const refunds: RefundRecord[] = [];

  const intentView = (pi: PaymentIntentRecord) => ({
    id: pi.id,
    object: 'payment_intent',
    amount: pi.amount,
    currency: pi.currency,
    payment_method: pi.paymentMethod,
    status: pi.status,
    metadata: pi.metadata,
  });

  function createPaymentIntent(params: Record<string, string>, idempotencyKey: string | null): Answer {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount) || amount < 1 || !params.currency || !params.payment_method) {
      return stripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', message: 'amount, currency and payment_method are required' });
    }
    const method = params.payment_method;
    if (!SUCCEEDS.has(method) && !(method in DECLINES) && method !== 'pm_card_authenticationRequired') {
      return stripeError(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: `No such PaymentMethod: '${method}'` });
    }
    const metadata = Object.fromEntries(
      Object.entries(params)
        .filter(([k]) => k.startsWith('metadata['))
        .map(([k, v]) => [k.slice('metadata['.length, -1), v]),
    );
    const status = SUCCEEDS.has(method) ? 'succeeded' : method in DECLINES ? 'requires_payment_method' : 'requires_action';
    const pi: PaymentIntentRecord = { id: id('pi'), amount, currency: params.currency, paymentMethod: method, status, idempotencyKey, metadata, refunded: false };
    paymentIntents.push(pi);
    if (method in DECLINES) {
      return stripeError(402, {
        type: 'card_error',
        code: 'card_declined',
        decline_code: DECLINES[method],
        message: 'Your card was declined.',
        payment_intent: intentView(pi),
      });
    }
    return { status: 200, body: intentView(pi) };
  }

  function createRefund(params: Record<string, string>): Answer {
    const pi = paymentIntents.find((p) => p.id === params.payment_intent);
    if (!pi) return stripeError(400, { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${params.payment_intent}'` });
    if (pi.status !== 'succeeded') return stripeError(400, { type: 'invalid_request_error', code: 'charge_not_refundable', message: 'This PaymentIntent has no successful charge.' });
    if (pi.refunded) return stripeError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'Charge has already been refunded.' });
    pi.refunded = true;
    const refund: RefundRecord = { id: id('re'), paymentIntent: pi.id, amount: pi.amount };
    refunds.push(refund);
    return { status: 200, body: { id: refund.id, object: 'refund', amount: refund.amount, payment_intent: pi.id, status: 'succeeded' } };
  }

  function execute(endpoint: string, params: Record<string, string>, idempotencyKey: string | null): Answer {
    if (endpoint === 'POST /v1/payment_intents') return createPaymentIntent(params, idempotencyKey);
    if (endpoint === 'POST /v1/refunds') return createRefund(params);
    return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${endpoint})` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const params = Object.fromEntries(new URLSearchParams(raw));
    const path = (req.url ?? '/').split('?')[0];
    const endpoint = `${req.method} ${path}`;
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const record = (answer: Answer, replayed = false) => {
      requests.push({ method: req.method ?? '', path, idempotencyKey: key, params, status: answer.status, replayed });
      return answer;
    };
    const send = (answer: Answer, headers: Record<string, string> = {}) => {
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
      res.end(JSON.stringify(answer.body));
    };

    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(record(stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' })));
    }
    const failure = failures.findIndex((f) => f.path === undefined || f.path === path);
    if (failure >= 0) {
      const [{ status }] = failures.splice(failure, 1);
      const type = status === 429 ? 'invalid_request_error' : 'api_error';
      return send(record(stripeError(status, { type, code: status === 429 ? 'rate_limit' : undefined, message: `Injected ${status}` })));
    }
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));

    const canonical = JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
    let answer: Answer;
    let replayed = false;
    if (key !== null && saved.has(key)) {
      const first = saved.get(key)!;
      if (first.endpoint !== endpoint || first.params !== canonical) {
        answer = stripeError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      } else {
        answer = first;
        replayed = true;
      }
    } else if (key !== null && executing.has(key)) {
      answer = stripeError(409, { type: 'idempotency_error', message: 'There is currently another in-progress request using this Idempotent Key.' });
    } else {
      if (key !== null) executing.add(key);
      answer = execute(endpoint, params, key);
      // The effect has happened; a held request is still executing (its key answers 409) until released.
      const decoded = `${endpoint}?${decodeURIComponent(raw.replace(/\+/g, ' '))}`;
      const holding = holds.filter((h) => !h.released && decoded.includes(h.needle));
      for (const h of holding) await new Promise<void>((r) => h.waiting.push(r));
      if (key !== null && req.method === 'POST') saved.set(key, { ...answer, endpoint, params: canonical });
      if (key !== null) executing.delete(key);
    }
    record(answer, replayed);
    if (res.destroyed) return;
    send(answer, replayed ? { 'idempotent-replayed': 'true' } : {});
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    paymentIntents,
    refunds,
    failNext: (count, status, path) => {
      for (let i = 0; i < count; i += 1) failures.push({ status, path });
    },
    hold: (needle) => {
      const h = { needle, waiting: [] as Array<() => void>, released: false };
      holds.push(h);
      return {
        held: () => h.waiting.length,
        release: () => {
          h.released = true;
          for (const resume of h.waiting.splice(0)) resume();
        },
      };
    },
    intentsFor: (idempotencyKey) => paymentIntents.filter((p) => p.idempotencyKey === idempotencyKey),
    close: () =>
      new Promise<void>((done) => {
        for (const h of holds) {
          h.released = true;
          for (const resume of h.waiting.splice(0)) resume();
        }
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
