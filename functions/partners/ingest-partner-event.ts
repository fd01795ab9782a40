/**
 * EventBridge target for the partner bus. Whatever arrives is either applied or quarantined with its
 * reason: the handler only throws on infrastructure failures, so EventBridge retries and then dead-letters.
 */
import middy from '@middy/core';
import * as z from 'zod';
import { eventsPort } from '../../shared/adapters/wiring/events';
import { handlerPorts } from '../../shared/adapters/wiring/lazy-port';
import { storePort } from '../../shared/adapters/wiring/store';
import { workflowPort } from '../../shared/adapters/wiring/workflow';
import { makePartnerEvents } from '../../shared/use-cases/partner-events';
import { TELEMETRY, countMetric, powertools } from '../commons/powertools';
import { taskInput } from '../commons/task-input';

const Envelope = z.object({ id: z.string().optional(), source: z.string().min(1), 'detail-type': z.string().min(1), detail: z.unknown(), time: z.string().optional() });

const ports = handlerPorts('ingest-partner-event', { store: storePort, workflow: workflowPort, events: eventsPort });

export const handler = middy(async (event: z.infer<typeof Envelope>) => {
  const result = await makePartnerEvents(ports).ingest(event);
  // The PartnerEventsQuarantined alarm (infra/constructs/observability.ts) counts these.
  if (result.status === 'quarantined') countMetric(TELEMETRY.metrics.partnerEventsQuarantined);
  return result;
})
  .use(powertools)
  .use(taskInput(Envelope));
