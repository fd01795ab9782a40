/**
 * Step Functions task: the workflow entered a stage. With a task token (`.waitForTaskToken`), the token is
 * stored and the execution waits until evidence satisfies the stage's transition.
 */
import middy from '@middy/core';
import * as z from 'zod';
import { eventsPort } from '../../shared/adapters/wiring/events';
import { handlerPorts } from '../../shared/adapters/wiring/lazy-port';
import { storePort } from '../../shared/adapters/wiring/store';
import { workflowPort } from '../../shared/adapters/wiring/workflow';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import { makeLifecycle } from '../../shared/use-cases/lifecycle';
import { powertools } from '../commons/powertools';
import { taskInput } from '../commons/task-input';

const Input = z.object({
  contractId: z.string().min(1),
  stage: z.enum(stageNames as [Stage, ...Stage[]]),
  executionId: z.string().min(1),
  taskToken: z.string().min(1).optional(),
});

const ports = handlerPorts('enter-stage', { store: storePort, workflow: workflowPort, events: eventsPort });

export const handler = middy(async (event: z.infer<typeof Input>) => makeLifecycle(ports).enterStage(event)).use(powertools).use(taskInput(Input));
