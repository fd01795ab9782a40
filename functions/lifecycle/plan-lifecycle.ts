/** Step Functions task: which stages apply to this contract, and the wait budgets. */
import middy from '@middy/core';
import * as z from 'zod';
import { handlerPorts } from '../../shared/adapters/wiring/lazy-port';
import { storePort } from '../../shared/adapters/wiring/store';
import { makeLifecycle } from '../../shared/use-cases/lifecycle';
import { powertools } from '../commons/powertools';
import { taskInput } from '../commons/task-input';

const Input = z.object({ contractId: z.string().min(1), executionId: z.string().optional() });

const ports = handlerPorts('plan-lifecycle', { store: storePort });

export const handler = middy(async (event: z.infer<typeof Input>) => makeLifecycle(ports).planFor(event)).use(powertools).use(taskInput(Input));
