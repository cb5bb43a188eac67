import { ApiProperty } from '@nestjs/swagger';
import { FaultRuleDto } from './fault-rules.dto.js';

/** A rule in force and how often it has fired. */
export class ActiveFaultRuleView extends FaultRuleDto {
  @ApiProperty({ type: 'integer', description: 'How often the rule has fired so far.', example: 1 })
  fired: number;
}

/** The fault rules in force, as PUT and GET /admin/faults answer. */
export class FaultRulesView {
  @ApiProperty({ type: () => ActiveFaultRuleView, isArray: true })
  rules: ActiveFaultRuleView[];
}
