import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, Actor } from '../../../infra/auth/access.decorator.js';
import { CancelSaga } from '../../engine/cancel-saga.command.js';
import { RetrySaga } from '../../engine/retry-saga.command.js';
import { IncidentBook } from '../../incidents/incident-book.js';
import { ConsoleAccess, ConsoleGuard } from './console-access.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { NoteForm, ReasonForm } from './console-forms.js';

/**
 * The operator actions, as HTML form POSTs: the same commands and services as POST
 * /sagas/{id}/retry, /cancel and /incidents/{id}/resolve, with the signed-in key's name as the
 * actor, so the history and the incident record them exactly as the API would. Each answers
 * 303 to the page that shows the result (post/redirect/get), or the API's refusal as a page.
 */
@ApiExcludeController()
@Controller('console')
@Access('anyone')
@ConsoleAccess('operator')
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
export class ConsoleActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly book: IncidentBook,
  ) {}

  @Post('sagas/:id/retry')
  async retry(@Param('id') id: string, @Body() form: NoteForm, @Actor() actor: string, @Res() response: Response) {
    await this.commands.execute(new RetrySaga(id, actor, form.note));
    response.redirect(303, `/console/sagas/${encodeURIComponent(id)}?done=retried`);
  }

  @Post('sagas/:id/cancel')
  async cancel(@Param('id') id: string, @Body() form: ReasonForm, @Actor() actor: string, @Res() response: Response) {
    await this.commands.execute(new CancelSaga(id, form.reason, actor));
    response.redirect(303, `/console/sagas/${encodeURIComponent(id)}?done=cancelled`);
  }

  @Post('incidents/:id/resolve')
  async resolve(@Param('id') id: string, @Body() form: NoteForm, @Actor() actor: string, @Res() response: Response) {
    await this.book.resolve(id, form.note, actor);
    response.redirect(303, '/console/incidents?done=resolved');
  }
}
