import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { isoTime } from '../../infra/http/iso-time.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import { signWebhook } from './webhook-signature.js';

/** The contract's limit: no answer within this is a failed delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Why a delivery failed, or null when the receiver answered 2xx. */
export type DeliveryResult = string | null;

/**
 * POSTs one signed event to WEBHOOK_URL with the contract's timeout. Node's http client with
 * keep-alive rather than fetch: one event per finished saga, and fetch (undici) costs several
 * times more CPU per request on Node 20.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly url: URL | null;
  private readonly agent: HttpAgent;
  /** The request's options but its headers, and the headers every delivery sends, worked out once from WEBHOOK_URL. */
  private readonly target: { hostname: string; port: string; path: string; headers: string[] } | null;

  constructor(private readonly config: AppConfig) {
    this.url = config.WEBHOOK_URL === undefined ? null : new URL(config.WEBHOOK_URL);
    const secure = this.url?.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 32 }) : new HttpAgent({ keepAlive: true, maxSockets: 32 });
    this.target = this.url && targetOf(this.url);
  }

  send(delivery: WebhookDelivery): Promise<DeliveryResult> {
    const body = JSON.stringify({ id: delivery.id, type: delivery.type, createdAt: isoTime(delivery.createdAt), data: delivery.data });
    const signature = signWebhook(this.config.WEBHOOK_SECRET!, body, Math.floor(Date.now() / 1000));
    const request = this.url!.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<DeliveryResult>((resolve) => {
      let settled = false;
      const done = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      // Headers as a flat array: Node writes them as they are, without validating each name and
      // value again per request (ours, fixed or made of hex digits and a UUID).
      const { hostname, port, path, headers } = this.target!;
      const req = request({
        method: 'POST',
        hostname,
        port,
        path,
        agent: this.agent,
        headers: [...headers, 'Content-Length', String(Buffer.byteLength(body)), 'Webhook-Id', delivery.id, 'Webhook-Signature', signature],
      });
      // The whole exchange, connect to status line: a receiver that never answers fails the attempt.
      const timer = setTimeout(() => {
        done(`no answer in ${DELIVERY_TIMEOUT_MS / 1000} s`);
        req.destroy();
      }, DELIVERY_TIMEOUT_MS);
      req.on('response', (res) => {
        // Only the status counts; the body is drained so the socket can be reused.
        res.resume();
        const status = res.statusCode ?? 0;
        done(status >= 200 && status < 300 ? null : `HTTP ${status}`);
      });
      req.on('error', (error: NodeJS.ErrnoException) => done(`unreachable: ${error.code ?? error.message}`.slice(0, 300)));
      req.end(body);
    });
  }

  onApplicationShutdown(): void {
    this.agent.destroy();
  }
}

/** What `http.request(url)` would work out from the URL (urlToHttpOptions), once: host, port, path, Host and credentials. */
function targetOf(url: URL): { hostname: string; port: string; path: string; headers: string[] } {
  const headers = ['Host', url.host, 'Content-Type', 'application/json'];
  if (url.username || url.password) {
    headers.push('Authorization', `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`);
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { hostname, port: url.port, path: `${url.pathname}${url.search}`, headers };
}
