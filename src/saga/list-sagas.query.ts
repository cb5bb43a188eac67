import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsPageCursor } from '../infra/http/validation/page-cursor.validator.js';
import { strictIntegerQuery } from '../infra/http/validation/strict-integer.js';
import { SAGA_STATUSES, type SagaStatus } from './saga.entity.js';

export class ListSagasQuery {
  @ApiPropertyOptional({ enum: SAGA_STATUSES, enumName: 'SagaStatus', description: 'Only sagas in this status.' })
  @IsOptional() @IsIn(SAGA_STATUSES)
  status?: SagaStatus;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size.' })
  @IsOptional() @Transform(strictIntegerQuery)
  @IsInt({ message: 'limit must be a whole number in decimal digits' }) @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ type: 'string', maxLength: 120, description: 'The `nextCursor` of the previous page.' })
  @IsOptional() @IsPageCursor()
  cursor?: string;

  /** Only sagas unfinished for longer than SAGA_STUCK_AFTER_MS. */
  @ApiPropertyOptional({ type: 'boolean', default: false, description: 'Only sagas still RUNNING or COMPENSATING longer than SAGA_STUCK_AFTER_MS after they started.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'stuck must be true or false' })
  stuck?: boolean;
}
