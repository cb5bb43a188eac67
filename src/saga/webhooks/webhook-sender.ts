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

  constructor(private readonly config: AppConfig) {
    this.url = config.WEBHOOK_URL === undefined ? null : new URL(config.WEBHOOK_URL);
    const secure = this.url?.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 32 }) : new HttpAgent({ keepAlive: true, maxSockets: 32 });
  }

  send(delivery: WebhookDelivery): Promise<DeliveryResult> {
    const body = JSON.stringify({ id: delivery.id, type: delivery.type, createdAt: isoTime(delivery.createdAt), data: delivery.data });
    const signature = signWebhook(this.config.WEBHOOK_SECRET!, body, Math.floor(Date.now() / 1000));
    const url = this.url!;
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<DeliveryResult>((resolve) => {
      let settled = false;
      const done = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = request(url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'webhook-id': delivery.id, 'webhook-signature': signature },
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
