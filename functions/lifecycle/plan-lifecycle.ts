/** Step Functions task: which stages apply to this contract, and the wait budgets. */
import middy from '@middy/core';
import { z } from 'zod';
import { defaultPorts } from '../../shared/adapters/clients';
import { makeLifecycle } from '../../shared/use-cases/lifecycle';
import { taskInput } from '../commons/task-input';

const Input = z.object({ contractId: z.string().min(1), executionId: z.string().optional() });

export const handler = middy(async (event: z.infer<typeof Input>) => makeLifecycle(defaultPorts()).planFor(event)).use(taskInput(Input));
