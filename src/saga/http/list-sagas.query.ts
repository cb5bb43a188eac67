import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsPageCursor } from '../../infra/http/validation/page-cursor.validator.js';
import { strictIntegerQuery } from '../../infra/http/validation/strict-integer.js';
import { SAGA_STATUSES, type SagaStatus } from '../engine/saga-status.js';

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

  @ApiPropertyOptional({ type: 'string', maxLength: 32, description: 'Only sagas of this type (`user-registration`, `account-closure`).' })
  @IsOptional() @IsString() @MaxLength(32) @Matches(/^[a-z][a-z0-9-]*$/, { message: 'type must be a saga type such as user-registration' })
  type?: string;

  @ApiPropertyOptional({ type: 'string', maxLength: 254, description: 'Only sagas about this e-mail (exact, case-insensitive).' })
  @IsOptional() @IsString() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: 'string', maxLength: 36, description: 'Only sagas about this user id (exact).' })
  @IsOptional() @IsString() @MaxLength(36)
  userId?: string;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', description: 'Only sagas created at or after this instant (ISO 8601).' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'createdFrom must be an ISO 8601 date-time' })
  createdFrom?: string;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', description: 'Only sagas created at or before this instant (ISO 8601).' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'createdTo must be an ISO 8601 date-time' })
  createdTo?: string;
}
