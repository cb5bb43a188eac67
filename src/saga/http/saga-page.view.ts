import { ApiProperty } from '@nestjs/swagger';
import { SagaSummaryView } from './saga.view.js';

/** One page of GET /sagas, newest first. */
export class SagaPageView {
  @ApiProperty({ type: () => SagaSummaryView, isArray: true })
  items: SagaSummaryView[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example: 'MTc2Mzc5NjUzMDEyMzowYjZmN2MxZQ',
  })
  nextCursor: string | null;
}
