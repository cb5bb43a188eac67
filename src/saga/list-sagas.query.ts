import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SAGA_STATUSES, type SagaStatus } from './saga.entity.js';

export class ListSagasQuery {
  @IsOptional() @IsIn(SAGA_STATUSES)
  status?: SagaStatus;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}
