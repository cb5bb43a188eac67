import { ApiProperty } from '@nestjs/swagger';
import type { NotificationStatus } from './notification.entity.js';

// A record, so that a status added to the entity without being listed here fails to compile.
const NOTIFICATION_STATUS: Record<NotificationStatus, null> = { SENT: null, FAILED: null, CANCELLED: null };

/** An e-mail (welcome or goodbye) as GET /notifications lists it. */
export class NotificationView {
  @ApiProperty({ type: 'string', format: 'uuid', example: '3f8a1d2c-7b6e-4a5d-9c0b-1e2f3a4b5c6d' })
  id: string;

  @ApiProperty({ type: 'string', format: 'uuid', example: '5d0c1a8e-6f1b-4c3e-8a2d-9b7e4f1c2a30' })
  userId: string;

  @ApiProperty({ type: 'string', format: 'uuid', example: '0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10' })
  sagaId: string;

  @ApiProperty({ enum: ['email'], example: 'email' })
  channel: 'email';

  @ApiProperty({ type: 'string', format: 'email', example: 'ada@example.com' })
  recipient: string;

  @ApiProperty({ enum: Object.keys(NOTIFICATION_STATUS), enumName: 'NotificationStatus', example: 'SENT' })
  status: NotificationStatus;

  @ApiProperty({ type: 'string', nullable: true, description: 'The last delivery error, kept after a later attempt succeeds.', example: null })
  error: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-22T10:15:30.300Z' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-22T10:15:30.300Z' })
  updatedAt: string;
}
