/**
 * Every file generated from the project's data, with its renderer. `npm run generate` writes them;
 * test/unit/generated-files.test.ts fails when a committed copy is stale.
 */
import { renderStateFlowDoc } from '../docs/state-flow';
import { FIELD_DOC_FILES } from './generate-field-docs';
import { renderPartnerMappingDoc } from '../../shared/events/partners/mapping-doc';
import { renderLifecycleAsl } from '../workflow/lifecycle-asl';
import { renderHistoryBudgetDoc } from '../workflow/history-budget';
import { POLICY_DOC_FILES } from '../../shared/domain/policies/policy-docs';
import { renderIntegrationArchitectureDoc } from '../docs/integration-architecture';
import { renderEventCatalogDoc, renderEventCatalogSchema } from '../../shared/events/domain/catalog';

export const GENERATED_FILES: ReadonlyArray<{ path: string; render: () => string }> = [
  { path: 'statemachines/contract-lifecycle.asl.json', render: renderLifecycleAsl },
  { path: 'docs/state-flow.md', render: renderStateFlowDoc },
  { path: 'docs/history-budget.md', render: renderHistoryBudgetDoc },
  ...FIELD_DOC_FILES,
  { path: 'docs/partner-mappings.md', render: renderPartnerMappingDoc },
  ...POLICY_DOC_FILES,
  { path: 'docs/event-catalog.md', render: renderEventCatalogDoc },
  { path: 'docs/event-catalog.schema.json', render: renderEventCatalogSchema },
  { path: 'docs/integration-architecture.md', render: renderIntegrationArchitectureDoc },
];
