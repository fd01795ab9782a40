import * as z from 'zod';
import { domainEvent } from './domain-event';
import { contractId, executionId, schemaVersion1 } from './common';

/** The contract was cancelled; every open wait failed with Tradeflow.Cancelled. Published by the workflow. */
export const ContractCancelled = domainEvent({
  name: 'ContractCancelled',
  version: '1',
  description: 'A manager cancelled the contract; every open wait of its execution failed with Tradeflow.Cancelled. Published by the workflow itself as its last step.',
  publishedBy: [{ kind: 'workflow', state: 'Publish ContractCancelled' }],
  schema: z.object({ schemaVersion: schemaVersion1, contractId, executionId }),
  example: { schemaVersion: '1', contractId: '01JH8Z6Q4C8XK2M5V7N9P3R1T0', executionId: 'arn:aws:states:eu-west-1:123456789012:execution:tradeflow-contract-lifecycle:01JH8Z6Q4C8XK2M5V7N9P3R1T0' },
});
