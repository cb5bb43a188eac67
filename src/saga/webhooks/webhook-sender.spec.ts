import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/app-config.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookSender } from './webhook-sender.js';
import { verifyWebhook } from './webhook-signature.js';

const SECRET = 'spec-webhook-secret-0123456789';

describe('WebhookSender', () => {
  const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(req.url?.includes('fail') ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const delivery: WebhookDelivery = {
    id: '01a23551-3d97-72ca-ae0c-97e70ca6c4fb', sagaId: 's-1', seq: 14, type: 'saga.completed', data: { sagaId: 's-1', status: 'COMPLETED', name: 'Zoë' },
    createdAt: 1_796_190_846_359, status: 'PENDING', attempts: 1, nextAttemptAt: 0, leaseOwner: null, leaseUntil: null, lastError: null, deliveredAt: null,
  };
  const senderFor = (url: string) => new WebhookSender({ WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET } as AppConfig);

  it('POSTs the signed event with its headers to the path and query of WEBHOOK_URL, with its credentials', async () => {
    const sender = senderFor(`http://hook%20user:p%40ss@127.0.0.1:${port}/in/hooks?source=saga`);
    try {
      expect(await sender.sendAll([delivery])).toEqual([null]);
      expect(await sender.sendAll([delivery])).toEqual([null]); // again, on the kept-alive connection
    } finally {
      await sender.onApplicationShutdown();
    }
    const [first] = received.splice(0);
    expect(first.url).toBe('/in/hooks?source=saga');
    expect(first.headers).toMatchObject({
      host: `127.0.0.1:${port}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(first.body)),
      'webhook-id': delivery.id,
      authorization: `Basic ${Buffer.from('hook user:p@ss').toString('base64')}`,
    });
    expect(JSON.parse(first.body)).toEqual({ id: delivery.id, type: 'saga.completed', createdAt: '2026-12-02T05:54:06.359Z', data: delivery.data });
    expect(verifyWebhook(SECRET, first.body, String(first.headers['webhook-signature']))).toBe(true);
  });

  it('a non-2xx answer is a failure; no credentials, no Authorization', async () => {
    const sender = senderFor(`http://127.0.0.1:${port}/fail`);
    try {
      expect(await sender.sendAll([delivery])).toEqual(['HTTP 503']);
    } finally {
      await sender.onApplicationShutdown();
    }
    const [answer] = received.splice(0);
    expect(answer.headers.authorization).toBeUndefined();
  });

  it('answers each delivery on its own: a batch of two delivered, one refused, one unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const good = senderFor(`http://127.0.0.1:${port}/ok`);
    const refused = senderFor(`http://127.0.0.1:${port}/fail`);
    const unreachable = senderFor(`http://127.0.0.1:${closedPort}/gone`);
    try {
      const second = { ...delivery, id: '01a23551-3d97-72ca-ae0c-97e70ca6c4fc' };
      expect(await good.sendAll([delivery, second])).toEqual([null, null]);
      expect(received.splice(0).map((r) => r.headers['webhook-id']).sort()).toEqual([delivery.id, second.id]);
      expect(await refused.sendAll([delivery])).toEqual(['HTTP 503']);
      expect(await unreachable.sendAll([delivery])).toEqual(['unreachable: ECONNREFUSED']);
      received.splice(0);
    } finally {
      await Promise.all([good, refused, unreachable].map((sender) => sender.onApplicationShutdown()));
    }
  });

  it('a sending thread that dies fails the batches it held, and the next batch starts a new thread', async () => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const slow = createServer((req, res) => {
      req.resume();
      void held.then(() => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const sender = senderFor(`http://127.0.0.1:${(slow.address() as AddressInfo).port}/hooks`);
    try {
      const arrived = new Promise<void>((resolve) => slow.once('request', () => resolve()));
      const inFlight = sender.sendAll([delivery]);
      await arrived;
      await (sender as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      expect(await inFlight).toEqual(['the webhook sending thread exited (code 1)']);
      answer();
      expect(await sender.sendAll([delivery])).toEqual([null]);
    } finally {
      await sender.onApplicationShutdown();
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});
