import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What every error answers (see HttpExceptionFilter). */
export class ErrorBody {
  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated.', example: 409 })
  statusCode: number;

  @ApiProperty({ type: 'string', description: "The status's reason phrase.", example: 'Conflict' })
  error: string;

  @ApiProperty({
    description: 'What went wrong: one sentence, or one per rejected field for a validation error.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'ada@example.com is already registered or being registered',
  })
  message: string | string[];

  @ApiPropertyOptional({
    type: 'string',
    description: 'A stable machine-readable code, on refusals the service makes on purpose.',
    example: 'REGISTRATION.EMAIL_TAKEN',
  })
  code?: string;
}
