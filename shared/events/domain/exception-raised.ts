import * as z from 'zod';
import { domainEvent } from './domain-event';
import { contractId, instant, schemaVersion1, severity } from './common';

/** An exception was raised on a contract's timeline: an anomaly flag, an L/C discrepancy, a data conflict. */
export const ExceptionRaised = domainEvent({
  name: 'ExceptionRaised',
  version: '1',
  description:
    "An exception was raised on the contract's timeline: an anomaly flag (e.g. SHIPPED_BEFORE_SECURITY, EVIDENCE_OUT_OF_ORDER), a documentary discrepancy of an issued L/C, or a data conflict (a partner withdrew evidence the contract had already moved on).",
  publishedBy: [{ kind: 'function', functionId: 'ingest-partner-event' }],
  schema: z.object({
    schemaVersion: schemaVersion1,
    contractId,
    exceptionClass: z.string().min(1).describe('Anomaly flag name, documentary-discrepancy or data-conflict.'),
    severity,
    message: z.string().min(1).describe("In a trade clerk's words."),
    at: instant,
  }),
  example: { schemaVersion: '1', contractId: '01JH8Z6Q4C8XK2M5V7N9P3R1T0', exceptionClass: 'documentary-discrepancy', severity: 'high', message: 'The issued L/C ING-DC-27-004411 does not match the contract: L/C amount 60000.00 USD is below the contract total 69360.00 USD.', at: '2026-12-03T08:00:00.000Z' },
});
