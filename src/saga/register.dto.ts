import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsISO4217CurrencyCode, IsNumber, IsOptional, IsPositive, IsString, Max, MaxLength } from 'class-validator';
import { SANDBOX_PAYMENT_METHODS } from '../payments/index.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail() @MaxLength(254)
  email: string;

  @IsOptional() @Transform(trimmed) @IsString() @MaxLength(200)
  name?: string;

  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'amount must be a number with at most 2 decimals' })
  @IsPositive()
  @Max(1_000_000)
  amount: number;

  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO4217CurrencyCode()
  currency?: string;

  @IsIn(Object.keys(SANDBOX_PAYMENT_METHODS), { message: `paymentMethod must be one of: ${Object.keys(SANDBOX_PAYMENT_METHODS).join(', ')}` })
  paymentMethod: string;
}
