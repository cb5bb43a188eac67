import { ApiProperty } from '@nestjs/swagger';
import type { UserStatus } from './user.entity.js';

// A record, so that a status added to the entity without being listed here fails to compile.
const USER_STATUS: Record<UserStatus, null> = { PENDING: null, ACTIVE: null, SUSPENDED: null, DELETED: null };

/** An account as GET /users/{id} shows it. */
export class UserView {
  @ApiProperty({ type: 'string', format: 'uuid', example: '5d0c1a8e-6f1b-4c3e-8a2d-9b7e4f1c2a30' })
  id: string;

  @ApiProperty({ type: 'string', format: 'email', example: 'ada@example.com' })
  email: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'Ada Lovelace' })
  name: string | null;

  @ApiProperty({
    enum: Object.keys(USER_STATUS),
    enumName: 'UserStatus',
    description: 'PENDING while its registration saga runs (nobody sees it ACTIVE before), ACTIVE once it completed, SUSPENDED while its account closure runs, DELETED when rolled back or closed.',
    example: 'ACTIVE',
  })
  status: UserStatus;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-22T10:15:30.123Z' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-22T10:15:30.456Z' })
  updatedAt: string;
}
