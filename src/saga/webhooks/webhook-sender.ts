import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { isoTime } from '../../infra/http/iso-time.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import { signWebhook } from './webhook-signature.js';

/** The contract's limit: no answer within this is a failed delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Why a delivery failed, or null when the receiver answered 2xx. */
export type DeliveryResult = string | null;

/** POSTs one signed event to WEBHOOK_URL (Node's fetch), with the contract's timeout. */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: AppConfig) {}

  async send(delivery: WebhookDelivery): Promise<DeliveryResult> {
    const body = JSON.stringify({ id: delivery.id, type: delivery.type, createdAt: isoTime(delivery.createdAt), data: delivery.data });
    const signature = signWebhook(this.config.WEBHOOK_SECRET!, body, Math.floor(Date.now() / 1000));
    try {
      const response = await fetch(this.config.WEBHOOK_URL!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': delivery.id, 'webhook-signature': signature },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        redirect: 'manual',
      });
      // The body is not read: only the status counts, and an unread body would hold the socket.
      await response.body?.cancel().catch(() => undefined);
      return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') return `no answer in ${DELIVERY_TIMEOUT_MS / 1000} s`;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return `unreachable: ${cause?.code ?? cause?.message ?? (error as Error).message}`.slice(0, 300);
    }
  }
}
