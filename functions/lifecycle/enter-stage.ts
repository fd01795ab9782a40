/**
 * Step Functions task: the workflow entered a stage. With a task token (`.waitForTaskToken`), the token is
 * stored and the execution waits until evidence satisfies the stage's transition.
 */
import middy from '@middy/core';
import { z } from 'zod';
import { defaultPorts } from '../../shared/adapters/clients';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import { makeLifecycle } from '../../shared/use-cases/lifecycle';
import { taskInput } from '../commons/task-input';

const Input = z.object({
  contractId: z.string().min(1),
  stage: z.enum(stageNames as [Stage, ...Stage[]]),
  executionId: z.string().min(1),
  taskToken: z.string().min(1).optional(),
});

export const handler = middy(async (event: z.infer<typeof Input>) => makeLifecycle(defaultPorts()).enterStage(event)).use(taskInput(Input));
