import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsRegistrableEmail, normalizeEmail } from '../http/validation/email.validator.js';
import { FAULT_OPERATIONS, type FaultOperation, type FaultRule } from './fault-rule.js';

export class FaultRuleDto implements FaultRule {
  @ApiProperty({ enum: FAULT_OPERATIONS, enumName: 'FaultOperation', description: 'The provider call to fail.', example: 'notifications.send' })
  @IsIn(FAULT_OPERATIONS)
  operation: FaultOperation;

  @ApiProperty({
    enum: ['error', 'hang'],
    description: '`error`: the call fails with `message`, a transient failure that is retried. `hang`: the call never answers, so the step timeout applies.',
    example: 'error',
  })
  @IsIn(['error', 'hang'])
  mode: 'error' | 'hang';

  @ApiPropertyOptional({ type: 'string', maxLength: 500, description: 'The error message of mode `error`.', example: 'SMTP connection timeout' })
  @IsOptional() @IsString() @MaxLength(500)
  message?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Fire this many times, then stop; omitted: always.', example: 2 })
  @IsOptional() @IsInt() @Min(1)
  times?: number;

  @ApiPropertyOptional({ type: 'string', format: 'email', maxLength: 254, description: "Only for this registration's e-mail; omitted: for all.", example: 'ada@example.com' })
  @IsOptional() @Transform(({ value }) => normalizeEmail(value)) @IsRegistrableEmail()
  email?: string;
}

export class FaultRulesDto {
  @ApiProperty({ type: () => FaultRuleDto, isArray: true, maxItems: 100, description: 'The rules; they replace the current ones.' })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => FaultRuleDto)
  rules: FaultRuleDto[];
}
