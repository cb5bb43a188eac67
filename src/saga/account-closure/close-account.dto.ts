import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsStorableText } from '../../infra/http/validation/storable-text.validator.js';

export class CloseAccountDto {
  @ApiPropertyOptional({ type: 'string', minLength: 1, maxLength: 2000, description: "Why the account is closed; kept in the saga's input.", example: 'asked by the customer' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) @IsStorableText()
  reason?: string;
}
