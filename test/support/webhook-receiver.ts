import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/saga/webhooks/webhook-signature.js';

/** One POST as the receiver saw it. */
export interface ReceivedWebhook {
  webhookId: string;
  signatureValid: boolean;
  body: { id: string; type: string; createdAt: string; data: Record<string, unknown> & { sagaId: string } };
  /** What the receiver answered: a status, or 'hang' (never answered). */
  answer: number | 'hang';
  /** Whether another POST of the same Webhook-Id was still being answered when this one came. */
  overlapped: boolean;
}

/** How the receiver answers the next POSTs: a status code, or 'hang' to never answer. */
export type Behaviour = number | 'hang';

/**
 * A real HTTP webhook receiver in the test process: it checks each POST's signature with the
 * secret the service was given, records it, and answers as told (`behave`).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private behaviour: Behaviour = 204;
  private readonly hanging = new Set<ServerResponse>();
  private readonly inFlight = new Set<string>();
  /** How long each answer takes (a receiver doing some work): lets overlapping sends show. */
  delayMs = 0;
  private server!: Server;
  url = '';

  constructor(private readonly secret: string) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  behave(behaviour: Behaviour): void {
    this.behaviour = behaviour;
  }

  /** The events answered 2xx, in the order they arrived. */
  delivered(): ReceivedWebhook[] {
    return this.received.filter((r) => typeof r.answer === 'number' && r.answer >= 200 && r.answer < 300);
  }

  ofSaga(sagaId: string): ReceivedWebhook[] {
    return this.delivered().filter((r) => r.body.data.sagaId === sagaId);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const answer = this.behaviour;
    const webhookId = String(req.headers['webhook-id']);
    const overlapped = this.inFlight.has(webhookId);
    this.received.push({
      webhookId,
      overlapped,
      signatureValid: verifyWebhook(this.secret, raw, String(req.headers['webhook-signature'] ?? '')),
      body: JSON.parse(raw),
      answer,
    });
    if (answer === 'hang') {
      this.hanging.add(res);
      return;
    }
    this.inFlight.add(webhookId);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (!overlapped) this.inFlight.delete(webhookId);
    res.writeHead(answer).end();
  }
}
