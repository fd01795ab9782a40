import * as z from 'zod';
import { domainEvent } from './domain-event';
import { contractId, contractNumber, customerId, instant, schemaVersion1, stage } from './common';

/** A track of a contract entered a stage (main, payment or logistics). */
export const ContractStageChanged = domainEvent({
  name: 'ContractStageChanged',
  version: '1',
  description:
    'A track of the contract entered a new stage: main (draft … signed, closed, cancelled), payment (security, outstanding, paid) or logistics (production … delivered). Published once per stage entered; customers are e-mailed on milestones from it.',
  publishedBy: [{ kind: 'function', functionId: 'enter-stage' }, { kind: 'function', functionId: 'api' }],
  schema: z.object({
    schemaVersion: schemaVersion1,
    contractId,
    contractNumber,
    customerId,
    track: z.enum(['main', 'payment', 'logistics']),
    stage,
    from: stage.optional().describe('The stage the track left; absent when the track starts.'),
    at: instant,
  }),
  example: { schemaVersion: '1', contractId: '01JH8Z6Q4C8XK2M5V7N9P3R1T0', contractNumber: 'SJT-2026-0412', customerId: 'CUST-NL-0042', track: 'logistics', stage: 'SHIPPED', from: 'BOOKED', at: '2027-02-10T07:00:00.000Z' },
});
