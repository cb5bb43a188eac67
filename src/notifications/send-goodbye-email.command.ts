import type { StepCorrelation } from '../infra/messages/step-correlation.js';

export interface SendGoodbyeEmailProps {
  readonly correlation: StepCorrelation;
  /** One notification and one mail per key, however often the command is delivered. */
  readonly idempotencyKey: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;
}

/** Tell a closing account goodbye; answered by GoodbyeEmailSent or GoodbyeEmailFailed. */
export class SendGoodbyeEmail {
  readonly correlation: StepCorrelation;
  readonly idempotencyKey: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;

  constructor(props: SendGoodbyeEmailProps) {
    ({ correlation: this.correlation, idempotencyKey: this.idempotencyKey, userId: this.userId, email: this.email, name: this.name } = props);
  }
}
