import * as z from 'zod';
import { domainEvent } from './domain-event';
import { contractId, instant, schemaVersion1, severity } from './common';

/** A contract deadline (latest shipment date, L/C presentation) is near or past with its evidence missing. */
export const DeadlineAtRisk = domainEvent({
  name: 'DeadlineAtRisk',
  version: '1',
  description: 'A contract deadline is within its warning window (or past) and the evidence that meets it is not on record: the latest shipment date (7 days) or the UCP 600 presentation deadline of an L/C (5 days).',
  publishedBy: [{ kind: 'function', functionId: 'ingest-partner-event' }],
  schema: z.object({ schemaVersion: schemaVersion1, contractId, deadline: z.enum(['latestShipment', 'lcPresentation']), severity, message: z.string().min(1), at: instant }),
  example: { schemaVersion: '1', contractId: '01JH8Z6Q4C8XK2M5V7N9P3R1T0', deadline: 'latestShipment', severity: 'high', message: '5 days left to ship (latest shipment date 2027-02-22).', at: '2027-02-17T08:00:00.000Z' },
});
