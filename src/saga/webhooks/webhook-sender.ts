import { Worker } from 'node:worker_threads';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { isoTime } from '../../infra/http/iso-time.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import { signWebhook } from './webhook-signature.js';

/** The contract's limit: no answer within this is a failed delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Why a delivery failed, or null when the receiver answered 2xx. */
export type DeliveryResult = string | null;

/** Where every delivery goes, worked out once from WEBHOOK_URL, and the headers each one sends. */
interface Target {
  secure: boolean;
  hostname: string;
  port: string;
  path: string;
  headers: string[];
  timeoutMs: number;
}

/** One signed POST for the thread: its headers beyond the target's, and its body. */
interface SignedRequest {
  headers: string[];
  body: string;
}

/**
 * The sending thread's code: the POSTs of a batch side by side, with Node's http client and a
 * keep-alive agent (fetch, undici, costs several times more CPU per request on Node 20), each
 * answered with null (2xx) or why it failed, the whole exchange bounded by the contract's
 * timeout. Headers go as a flat array: Node writes them as they are, without validating each
 * name and value again per request (ours are fixed, or hex digits and a UUID). Inline (`eval`),
 * so it runs the same from the build and from the TypeScript sources in tests.
 */
const SENDER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { secure, hostname, port, path, headers, timeoutMs } = workerData;
const http = require(secure ? 'node:https' : 'node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const post = (request) => new Promise((resolve) => {
  let settled = false;
  const done = (result) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    resolve(result);
  };
  const body = Buffer.from(request.body);
  const req = http.request({ method: 'POST', hostname, port, path, agent, headers: [...headers, 'Content-Length', String(body.length), ...request.headers] });
  const timer = setTimeout(() => {
    done('no answer in ' + timeoutMs / 1000 + ' s');
    req.destroy();
  }, timeoutMs);
  req.on('response', (res) => {
    res.resume(); // only the status counts; drained so the socket can be reused
    const status = res.statusCode || 0;
    done(status >= 200 && status < 300 ? null : 'HTTP ' + status);
  });
  req.on('error', (error) => done(('unreachable: ' + (error.code || error.message)).slice(0, 300)));
  req.end(body);
});
parentPort.on('message', async ({ batch, requests }) => {
  parentPort.postMessage({ batch, results: await Promise.all(requests.map(post)) });
});
`;

/**
 * POSTs signed events to WEBHOOK_URL with the contract's timeout, from a thread of its own: the
 * JavaScript thread builds and signs each body and hands a batch over in one message, and the
 * HTTP exchanges (about 70 µs of main thread per event, measured with `npm run bench --
 * --telemetry --cpu-prof`) run beside it. A thread that fails or exits answers its batches in
 * flight with a failure (those events are sent again with backoff: at least once), and the next
 * batch starts a new one.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly target: Target | null;
  private worker: Worker | null = null;
  /** Batches handed to the thread and not yet answered, by number. */
  private readonly pending = new Map<number, { count: number; resolve: (results: DeliveryResult[]) => void }>();
  private batches = 0;

  constructor(private readonly config: AppConfig) {
    this.target = config.WEBHOOK_URL === undefined ? null : targetOf(new URL(config.WEBHOOK_URL));
  }

  /** Sends each delivery once; resolves, per delivery, with null (delivered) or why not. */
  sendAll(deliveries: WebhookDelivery[]): Promise<DeliveryResult[]> {
    if (deliveries.length === 0) return Promise.resolve([]);
    const unixSeconds = Math.floor(Date.now() / 1000);
    const requests = deliveries.map((delivery): SignedRequest => {
      const body = JSON.stringify({ id: delivery.id, type: delivery.type, createdAt: isoTime(delivery.createdAt), data: delivery.data });
      return { headers: ['Webhook-Id', delivery.id, 'Webhook-Signature', signWebhook(this.config.WEBHOOK_SECRET!, body, unixSeconds)], body };
    });
    const batch = ++this.batches;
    return new Promise<DeliveryResult[]>((resolve) => {
      const worker = this.thread();
      // Kept referenced only while it has work: an idle sender never holds the process open.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(batch, { count: requests.length, resolve });
      worker.postMessage({ batch, requests });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.lost(worker, 'the service is shutting down');
    await worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    if (!this.target) throw new Error('WEBHOOK_URL is not set');
    // Its heap holds a batch of requests at most: bounded, so that a fault there cannot grow it.
    const worker = new Worker(SENDER_CODE, { eval: true, workerData: this.target, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } });
    worker.unref();
    worker.on('message', ({ batch, results }: { batch: number; results: DeliveryResult[] }) => {
      const waiting = this.pending.get(batch);
      this.pending.delete(batch);
      if (this.pending.size === 0) worker.unref();
      waiting?.resolve(results);
    });
    worker.on('error', (error) => this.lost(worker, `the webhook sending thread failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(worker, `the webhook sending thread exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  /** `worker` is gone: each batch it had is answered with `reason` for every delivery in it. */
  private lost(worker: Worker | null, reason: string): void {
    if (worker === null || worker !== this.worker) return;
    this.worker = null;
    for (const { count, resolve } of this.pending.values()) resolve(Array<DeliveryResult>(count).fill(reason.slice(0, 300)));
    this.pending.clear();
  }
}

/** What `http.request(url)` would work out from the URL (urlToHttpOptions), once: host, port, path, Host and credentials. */
function targetOf(url: URL): Target {
  const headers = ['Host', url.host, 'Content-Type', 'application/json'];
  if (url.username || url.password) {
    headers.push('Authorization', `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`);
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { secure: url.protocol === 'https:', hostname, port: url.port, path: `${url.pathname}${url.search}`, headers, timeoutMs: DELIVERY_TIMEOUT_MS };
}
