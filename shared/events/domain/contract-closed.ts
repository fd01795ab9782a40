import * as z from 'zod';
import { domainEvent } from './domain-event';
import { contractId, executionId, schemaVersion1 } from './common';

/** Both tracks complete and nothing in dispute: the contract is closed. Published by the workflow itself. */
export const ContractClosed = domainEvent({
  name: 'ContractClosed',
  version: '1',
  description: 'Payment and logistics are complete and no dispute is open: the contract is closed. Published by the workflow itself (no Lambda) as its last step.',
  publishedBy: [{ kind: 'workflow', state: 'Publish ContractClosed' }],
  schema: z.object({ schemaVersion: schemaVersion1, contractId, executionId }),
  example: { schemaVersion: '1', contractId: '01JH8Z6Q4C8XK2M5V7N9P3R1T0', executionId: 'arn:aws:states:eu-west-1:123456789012:execution:tradeflow-contract-lifecycle:01JH8Z6Q4C8XK2M5V7N9P3R1T0' },
});
