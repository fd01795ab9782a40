/**
 * EventBridge target for the partner bus. Whatever arrives is either applied or quarantined with its
 * reason: the handler only throws on infrastructure failures, so EventBridge retries and then dead-letters.
 */
import middy from '@middy/core';
import { z } from 'zod';
import { defaultPorts } from '../../shared/adapters/clients';
import { makePartnerEvents } from '../../shared/use-cases/partner-events';
import { taskInput } from '../commons/task-input';

const Envelope = z.object({ id: z.string().optional(), source: z.string().min(1), 'detail-type': z.string().min(1), detail: z.unknown(), time: z.string().optional() });

export const handler = middy(async (event: z.infer<typeof Envelope>) => makePartnerEvents(defaultPorts()).ingest(event)).use(taskInput(Envelope));
