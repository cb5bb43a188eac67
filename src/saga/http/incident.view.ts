import { ApiProperty } from '@nestjs/swagger';
import type { IncidentStatus } from '../incidents/incident.entity.js';

// A record, so that a status added to the entity without being listed here fails to compile.
const INCIDENT_STATUS: Record<IncidentStatus, null> = { OPEN: null, RESOLVED: null };
export const INCIDENT_STATUSES = Object.keys(INCIDENT_STATUS) as IncidentStatus[];

/** A saga that could not undo everything, as GET /incidents/{id} shows it. */
export class IncidentView {
  @ApiProperty({ type: 'string', description: 'INC-YYYY-MM-DD-NNN, numbered per UTC day.', example: 'INC-2026-11-22-001' })
  id: string;

  @ApiProperty({ type: 'string', format: 'uuid', example: '0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10' })
  sagaId: string;

  @ApiProperty({ enum: INCIDENT_STATUSES, enumName: 'IncidentStatus', example: 'OPEN' })
  status: IncidentStatus;

  @ApiProperty({
    type: 'string',
    description: 'What happened and what a person must do.',
    example:
      'Registration of ada@example.com (saga 0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10) was only partly rolled back: ' +
      'Transaction 9e3b7a52-1c4d-4f6e-8b0a-2d5c7e9f1a34 (99.99 USD) was not refunded. ' +
      'Either fix the cause and retry: POST /sagas/0b6f7c1e-2f4d-4b8a-9a61-3c2d5e7f9a10/retry runs the given-up compensations again. ' +
      'Or undo it by hand and resolve: refund 99.99 USD on transaction 9e3b7a52-1c4d-4f6e-8b0a-2d5c7e9f1a34 by hand, ' +
      'then POST /incidents/INC-2026-11-22-001/resolve with a note saying what was done. ' +
      'Not both: once the incident is resolved, the saga cannot be retried.',
  })
  summary: string;

  @ApiProperty({
    type: 'string',
    isArray: true,
    description: 'Every effect of the saga still in place.',
    example: ['Transaction 9e3b7a52-1c4d-4f6e-8b0a-2d5c7e9f1a34 (99.99 USD) was not refunded'],
  })
  effectsInPlace: string[];

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-11-22T10:15:31.000Z' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: null })
  resolvedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'How it was resolved: by a retry, or the operator\'s note.', example: null })
  note: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The API key that resolved it by hand (null while open, or when a retry mended it: its actor is in the saga history).',
    example: null,
  })
  resolvedBy: string | null;
}
