import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { UnitOfWork } from '../../infra/database/unit-of-work.js';
import { IncidentBook } from './incident-book.js';
import { Incident, type IncidentStatus } from './incident.entity.js';
import { IncidentErrors } from './incidents.errors.js';

export class ListIncidentsQuery {
  @IsOptional() @IsIn(['OPEN', 'RESOLVED'])
  status?: IncidentStatus;
}

export class ResolveIncidentDto {
  @IsString() @MinLength(1) @MaxLength(2000)
  note: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const view = (i: Incident) => ({
  id: i.id,
  sagaId: i.sagaId,
  status: i.status,
  summary: i.summary,
  effectsInPlace: i.effectsInPlace,
  createdAt: iso(i.createdAt),
  resolvedAt: iso(i.resolvedAt),
  note: i.note,
});

@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly book: IncidentBook,
  ) {}

  @Get()
  async list(@Query() query: ListIncidentsQuery) {
    const incidents = await this.uow.read((manager) =>
      manager.find(Incident, { where: query.status ? { status: query.status } : {}, order: { createdAt: 'DESC', id: 'DESC' }, take: 500 }),
    );
    return incidents.map(view);
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const incident = await this.uow.read((manager) => manager.findOneBy(Incident, { id }));
    if (!incident) throw IncidentErrors.notFound(id);
    return view(incident);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Body() body: ResolveIncidentDto) {
    return view(await this.book.resolve(id, body.note));
  }
}
