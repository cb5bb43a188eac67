import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Access, Actor } from '../../infra/auth/access.decorator.js';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { ErrorBody } from '../../infra/http/error-body.view.js';
import { IsStorableText } from '../../infra/http/validation/storable-text.validator.js';
import { IncidentBook } from '../incidents/incident-book.js';
import { Incident, type IncidentStatus } from '../incidents/incident.entity.js';
import { incidentJsonOf } from './incident-json.js';
import { INCIDENT_STATUSES, IncidentView } from './incident.view.js';
import { IncidentErrors } from '../incidents/incidents.errors.js';

export class ListIncidentsQuery {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES, enumName: 'IncidentStatus', description: 'Only incidents in this status.' })
  @IsOptional() @IsIn(['OPEN', 'RESOLVED'])
  status?: IncidentStatus;
}

export class ResolveIncidentDto {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: 2000, description: 'What was done by hand.', example: 'refunded by hand' })
  @IsString() @MinLength(1) @MaxLength(2000) @IsStorableText()
  note: string;
}

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly book: IncidentBook,
  ) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'List incidents', description: 'Newest first, at most 500: sagas that ended PARTIALLY_ROLLED_BACK, with what is still in effect.' })
  @ApiOkResponse({ type: IncidentView, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Status other than OPEN or RESOLVED, or an unknown parameter.' })
  async list(@Query() query: ListIncidentsQuery) {
    const incidents = await this.uow.readApart((manager) =>
      manager.find(Incident, { where: query.status ? { status: query.status } : {}, order: { createdAt: 'DESC', id: 'DESC' }, take: 500 }),
    );
    return incidents.map(incidentJsonOf);
  }

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'Get an incident' })
  @ApiParam({ name: 'id', description: 'The incident id.', example: 'INC-2026-11-22-001' })
  @ApiOkResponse({ type: IncidentView })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such incident.' })
  async get(@Param('id') id: string) {
    const incident = await this.uow.read((manager) => manager.findOneBy(Incident, { id }));
    if (!incident) throw IncidentErrors.notFound(id);
    return incidentJsonOf(incident);
  }

  @Post(':id/resolve')
  @Access('operator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve an incident by hand',
    description:
      "For when an operator has undone the effects still in place; the note is kept on the incident and in the saga's history. " +
      'Afterwards the saga can no longer be retried (POST /sagas/{id}/retry is 409), so nothing is undone twice.',
  })
  @ApiParam({ name: 'id', description: 'The incident id.', example: 'INC-2026-11-22-001' })
  @ApiOkResponse({ type: IncidentView, description: 'The incident, now RESOLVED.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Malformed JSON, `note` missing, empty or over 2000 characters, or an unknown field.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such incident.' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'The incident is already RESOLVED (`INCIDENT.ALREADY_RESOLVED`), or a retry of its saga is running (`INCIDENT.RETRY_RUNNING`).',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'The body is over 100 kB.' })
  async resolve(@Param('id') id: string, @Body() body: ResolveIncidentDto, @Actor() actor: string) {
    return incidentJsonOf(await this.book.resolve(id, body.note, actor));
  }
}
