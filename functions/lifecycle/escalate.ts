/** Step Functions task: a wait timed out. Escalate one level, notify, and return the next wait budget. */
import middy from '@middy/core';
import * as z from 'zod';
import { eventsPort } from '../../shared/adapters/wiring/events';
import { handlerPorts } from '../../shared/adapters/wiring/lazy-port';
import { mailerPort } from '../../shared/adapters/wiring/mailer';
import { storePort } from '../../shared/adapters/wiring/store';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import { makeLifecycle } from '../../shared/use-cases/lifecycle';
import { powertools } from '../commons/powertools';
import { taskInput } from '../commons/task-input';

const Input = z.object({ contractId: z.string().min(1), stage: z.enum(stageNames as [Stage, ...Stage[]]), executionId: z.string().optional() });

const ports = handlerPorts('escalate', { store: storePort, events: eventsPort, mailer: mailerPort });

export const handler = middy(async (event: z.infer<typeof Input>) => makeLifecycle(ports).escalate(event)).use(powertools).use(taskInput(Input));
