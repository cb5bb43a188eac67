import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsStorableText } from '../../infra/http/validation/storable-text.validator.js';

export class CancelSagaDto {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: 2000, description: "Why the saga is stopped; kept in its history.", example: 'customer asked to stop' })
  @IsString() @MinLength(1) @MaxLength(2000) @IsStorableText()
  reason: string;
}
