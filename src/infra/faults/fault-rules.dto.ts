import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { FAULT_OPERATIONS, type FaultOperation, type FaultRule } from './fault-rule.js';

export class FaultRuleDto implements FaultRule {
  @IsIn(FAULT_OPERATIONS)
  operation: FaultOperation;

  @IsIn(['error', 'hang'])
  mode: 'error' | 'hang';

  @IsOptional() @IsString() @MaxLength(500)
  message?: string;

  @IsOptional() @IsInt() @Min(1)
  times?: number;

  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;
}

export class FaultRulesDto {
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => FaultRuleDto)
  rules: FaultRuleDto[];
}
