/** EventBridge target: ContractStageChanged → milestone e-mail to the customer's contacts. */
import middy from '@middy/core';
import { z } from 'zod';
import { defaultPorts } from '../../shared/adapters/clients';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import { makeNotifications } from '../../shared/use-cases/notifications';
import { taskInput } from '../commons/task-input';

const Input = z.object({
  source: z.literal('tradeflow.contracts'),
  'detail-type': z.literal('ContractStageChanged'),
  detail: z.object({ contractId: z.string().min(1), stage: z.enum(stageNames as [Stage, ...Stage[]]) }),
});

export const handler = middy(async (event: z.infer<typeof Input>) => makeNotifications(defaultPorts()).notifyStageChanged(event.detail)).use(taskInput(Input));
