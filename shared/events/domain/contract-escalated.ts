import * as z from 'zod';
import { domainEvent } from './domain-event';
import { contractId, instant, schemaVersion1, stage } from './common';

/** A wait timed out and was escalated one level (owner → team lead → management). */
export const ContractEscalated = domainEvent({
  name: 'ContractEscalated',
  version: '1',
  description: 'A stage waited longer than its deadline or SLA: the escalation level went up and the people at that level were e-mailed.',
  publishedBy: [{ kind: 'function', functionId: 'escalate' }],
  schema: z.object({ schemaVersion: schemaVersion1, contractId, stage, level: z.number().int().min(1).describe('1 owner, 2 team lead, 3 management.'), at: instant }),
  example: { schemaVersion: '1', contractId: '01JH8Z6Q4C8XK2M5V7N9P3R1T0', stage: 'BOOKED', level: 1, at: '2027-02-16T00:00:00.000Z' },
});
