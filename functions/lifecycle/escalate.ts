/** Step Functions task: a wait timed out. Escalate one level, notify, and return the next wait budget. */
import middy from '@middy/core';
import { z } from 'zod';
import { defaultPorts } from '../../shared/adapters/clients';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import { makeLifecycle } from '../../shared/use-cases/lifecycle';
import { taskInput } from '../commons/task-input';

const Input = z.object({ contractId: z.string().min(1), stage: z.enum(stageNames as [Stage, ...Stage[]]), executionId: z.string().optional() });

export const handler = middy(async (event: z.infer<typeof Input>) => makeLifecycle(defaultPorts()).escalate(event)).use(taskInput(Input));
