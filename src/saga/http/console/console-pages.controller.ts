import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../../infra/auth/access.decorator.js';
import { SagaRegistry } from '../../engine/saga-registry.js';
import { SagaViews } from '../saga-views.js';
import { ConsoleAccess, ConsoleGuard, type ConsoleRequest } from './console-access.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleReader } from './console-reader.js';
import { parseFilter } from './saga-filter.js';
import { SagaCounts } from './saga-counts.js';
import { sendPage } from './render-page.js';
import { IncidentsPage } from './views/incidents.page.js';
import { SagaListPage } from './views/saga-list.page.js';
import { SagaTimelinePage } from './views/saga-timeline.page.js';

const PAGE_SIZE = 50;

/** What a redirect after an action says on the page it lands on. */
const NOTICES: Record<string, string> = {
  retried: 'Retry requested: the saga runs again (this page follows it).',
  cancelled: 'Cancel requested: the saga undoes what it did (this page follows it).',
  resolved: 'Incident resolved; the note is in the saga history.',
};

/**
 * The console's pages (viewer and up). `@Access('anyone')` lets them past the API's bearer door:
 * ConsoleGuard, with the session cookie, is theirs.
 */
@ApiExcludeController()
@Controller('console')
@Access('anyone')
@ConsoleAccess('viewer')
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
export class ConsolePagesController {
  constructor(
    private readonly views: SagaViews,
    private readonly reader: ConsoleReader,
    private readonly counts: SagaCounts,
    private readonly registry: SagaRegistry,
  ) {}

  @Get()
  async list(@Query() raw: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const filter = await parseFilter(raw);
    const [page, counts] = await Promise.all([
      this.views.list({
        ...filter,
        limit: PAGE_SIZE,
        stuck: filter.stuck ?? false,
        createdFrom: filter.createdFrom ? Date.parse(filter.createdFrom) : undefined,
        createdTo: filter.createdTo ? Date.parse(filter.createdTo) : undefined,
      }),
      this.counts.current(),
    ]);
    const types = [...new Set(this.registry.all().map((d) => d.type))].sort();
    sendPage(response, 200, SagaListPage({ session: request.consoleSession!, filter, items: page.items, nextCursor: page.nextCursor, counts, types, now: Date.now() }));
  }

  @Get('incidents')
  async incidents(@Query('status') status: string | undefined, @Query('done') done: string | undefined, @Req() request: ConsoleRequest, @Res() response: Response) {
    const wanted = status === 'RESOLVED' ? 'RESOLVED' : 'OPEN';
    const incidents = await this.reader.incidents(wanted);
    sendPage(response, 200, IncidentsPage({ session: request.consoleSession!, status: wanted, incidents, notice: NOTICES[done ?? ''] ?? null, now: Date.now() }));
  }

  @Get('sagas/:id')
  async saga(@Param('id') id: string, @Query('done') done: string | undefined, @Req() request: ConsoleRequest, @Res() response: Response) {
    const data = await this.reader.saga(id);
    sendPage(response, 200, SagaTimelinePage({ session: request.consoleSession!, data, notice: NOTICES[done ?? ''] ?? null, now: Date.now() }));
  }
}
