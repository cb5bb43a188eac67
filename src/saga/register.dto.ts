import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsISO4217CurrencyCode, IsNumber, IsOptional, IsPositive, IsString, Max, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ type: 'string', format: 'email', maxLength: 254, description: 'Trimmed and lower-cased.', example: 'ada@example.com' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ type: 'string', maxLength: 200, description: 'Trimmed.', example: 'Ada Lovelace' })
  @IsOptional() @Transform(trimmed) @IsString() @MaxLength(200)
  name?: string;

  @ApiProperty({
    type: 'number',
    minimum: 0,
    exclusiveMinimum: true,
    maximum: 1_000_000,
    multipleOf: 0.01,
    description: 'The registration fee charged to `paymentMethod`: more than 0, at most 1000000, at most 2 decimals.',
    example: 99.99,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'amount must be a number with at most 2 decimals' })
  @IsPositive()
  @Max(1_000_000)
  amount: number;

  @ApiPropertyOptional({ type: 'string', pattern: '^[A-Za-z]{3}$', default: 'USD', description: 'ISO 4217 code, case-insensitive.', example: 'USD' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO4217CurrencyCode()
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
