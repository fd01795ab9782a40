import type * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { EventRule } from '../event-rules';
import type { CatalogFunctions } from './catalog-functions';
import { catalogRule, type DeployedRule } from './catalog-rules';

/** Properties of {@link Partners}. */
export interface PartnersProps {
  /** The rules of `infra/event-rules.ts` on the partner bus. */
  readonly rules: readonly EventRule[];
  readonly partnerBus: events.IEventBus;
  readonly functions: CatalogFunctions;
}

/**
 * Partner integration: what carriers, banks and ERPs publish on the partner bus reaches ingestion through the
 * rules of `infra/event-rules.ts`. The bus, its cross-account policy and its archive are stateful and live in
 * the data stack; this is the stateless half.
 *
 * @example
 * new Partners(this, 'Partners', { rules: eventRules.filter((r) => r.eventBus === 'partner'), partnerBus, functions });
 */
export class Partners extends Construct {
  readonly rules: DeployedRule[];

  constructor(scope: Construct, id: string, props: PartnersProps) {
    super(scope, id);
    this.rules = props.rules.map((rule) => catalogRule(this, rule, props.partnerBus, props.functions.get(rule.target.functionId).function));
  }
}
