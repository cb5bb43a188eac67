import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { maskEmails } from '../logging/mask-email.js';
import type { FaultOperation, FaultRule } from './fault-rule.js';
import { ProviderUnavailableError } from './provider-unavailable.error.js';

interface ActiveRule extends FaultRule {
  fired: number;
}

/**
 * Makes the providers fail on demand (FAULT_INJECTION=on). Each module calls `intercept` at its
 * provider boundary (the fault-injecting decorators around the configured gateway and mailer, the
 * user store's call), so the saga around them runs its real code path whatever the adapter.
 */
@Injectable()
export class FaultInjector {
  private readonly logger = new Logger(FaultInjector.name);
  private rules: ActiveRule[] = [];

  constructor(private readonly config: AppConfig) {}

  replace(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule, fired: 0 }));
  }

  list(): ActiveRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Throws, or never settles, when a rule matches this call; otherwise returns at once. */
  async intercept(operation: FaultOperation, email: string): Promise<void> {
    if (this.config.FAULT_INJECTION !== 'on') return;
    const rule = this.rules.find(
      (r) =>
        r.operation === operation &&
        (r.email === undefined || r.email.toLowerCase() === email.toLowerCase()) &&
        (r.times === undefined || r.fired < r.times),
    );
    if (!rule) return;
    rule.fired += 1;
    this.logger.warn(`Injected ${rule.mode} into ${operation} for ${maskEmails(email)}`);
    if (rule.mode === 'hang') return new Promise<void>(() => undefined);
    throw new ProviderUnavailableError(rule.message ?? `${operation} failed (injected fault)`);
  }
}
