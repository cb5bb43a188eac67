import { Global, Module } from '@nestjs/common';
import { StepAnswers } from './step-answers.js';

/** The ports modules answer saga steps through (see StepAnswers); global, like the database. */
@Global()
@Module({
  providers: [StepAnswers],
  exports: [StepAnswers],
})
export class MessagesModule {}
