import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAmountOf } from '../../infra/http/validation/amount.validator.js';
import { IsChargeableCurrency } from '../../infra/http/validation/currency.validator.js';
import { IsRegistrableEmail, normalizeEmail } from '../../infra/http/validation/email.validator.js';
import { IsPersonName, normalizeName } from '../../infra/http/validation/person-name.validator.js';

export const DEFAULT_CURRENCY = 'USD';

export class RegisterDto {
  @ApiProperty({
    type: 'string',
    format: 'email',
    maxLength: 254,
    description: 'Trimmed, Unicode NFC and lower-cased. Invisible, control and bidi characters (zero-width space, soft hyphen, LRM/RLM, BOM) are refused.',
    example: 'ada@example.com',
  })
  @Transform(({ value }) => normalizeEmail(value))
  @IsRegistrableEmail()
  email: string;

  @ApiPropertyOptional({ type: 'string', maxLength: 200, description: 'Trimmed and Unicode NFC; no control, line-break or bidi characters.', example: 'Ada Lovelace' })
  @IsOptional() @Transform(({ value }) => normalizeName(value)) @IsPersonName(200)
  name?: string;

  @ApiProperty({
    type: 'number',
    minimum: 0,
    exclusiveMinimum: true,
    maximum: 1_000_000,
    description:
      'The registration fee charged to `paymentMethod`: more than 0, at most 1000000, with no more decimals than the ' +
      "currency's minor unit (2 for USD, 0 for JPY, 3 for BHD). Charged and stored in minor units (cents).",
    example: 99.99,
  })
  @IsAmountOf('currency', { max: 1_000_000, defaultCurrency: DEFAULT_CURRENCY })
  amount: number;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^[A-Za-z]{3}$',
    default: DEFAULT_CURRENCY,
    description: 'ISO 4217 code, case-insensitive, with a minor unit: codes that are not money (XXX, XAU, XDR, ...) are refused.',
    example: 'USD',
  })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsChargeableCurrency()
  currency?: string;

  @ApiProperty({
    type: 'string',
    pattern: '^pm_[A-Za-z0-9_]+$',
    maxLength: 64,
    description:
      'What the configured gateway accepts (AcceptedPaymentMethodPipe asks the payments module). Sandbox (the default): ' +
      '`pm_card_visa` and `pm_card_mastercard` are charged; `pm_card_chargeDeclinedInsufficientFunds` (`insufficient_funds`) ' +
      'and `pm_card_chargeDeclined` (`card_declined`) are declined, a business failure that is not retried and rolls the ' +
      'saga back; anything else is refused. Stripe (`PAYMENT_PROVIDER=stripe`): a PaymentMethod id, `pm_...`. A refused ' +
      'method is a 400 before a saga starts.',
    example: 'pm_card_visa',
  })
  @IsString() @MaxLength(64)
  paymentMethod: string;
}
