/** EventBridge target: ContractStageChanged → milestone e-mail to the customer's contacts. */
import middy from '@middy/core';
import * as z from 'zod';
import { handlerPorts } from '../../shared/adapters/wiring/lazy-port';
import { mailerPort } from '../../shared/adapters/wiring/mailer';
import { storePort } from '../../shared/adapters/wiring/store';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import { makeNotifications } from '../../shared/use-cases/notifications';
import { powertools } from '../commons/powertools';
import { taskInput } from '../commons/task-input';

const Input = z.object({
  source: z.literal('tradeflow.contracts'),
  'detail-type': z.literal('ContractStageChanged'),
  detail: z.object({ contractId: z.string().min(1), stage: z.enum(stageNames as [Stage, ...Stage[]]) }),
});

const ports = handlerPorts('notify-customer', { store: storePort, mailer: mailerPort });

export const handler = middy(async (event: z.infer<typeof Input>) => makeNotifications(ports).notifyStageChanged(event.detail)).use(powertools).use(taskInput(Input));
