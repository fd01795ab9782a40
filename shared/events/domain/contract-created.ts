import * as z from 'zod';
import { domainEvent } from './domain-event';
import { contractId, contractNumber, customerId, instant, schemaVersion1 } from './common';

/** A draft contract was created (through the API or from an ERP sales order). */
export const ContractCreated = domainEvent({
  name: 'ContractCreated',
  version: '1',
  description: 'A draft contract was created; its lifecycle execution is starting. An ERP can link its sales order to the contract id.',
  publishedBy: [{ kind: 'function', functionId: 'api' }],
  schema: z.object({ schemaVersion: schemaVersion1, contractId, contractNumber, customerId, at: instant }),
  example: { schemaVersion: '1', contractId: '01JH8Z6Q4C8XK2M5V7N9P3R1T0', contractNumber: 'SJT-2026-0412', customerId: 'CUST-NL-0042', at: '2026-12-03T08:00:00.000Z' },
});
