/** Scheduled (hourly): deadline reminders to contract owners. */
import middy from '@middy/core';
import { handlerPorts } from '../../shared/adapters/wiring/lazy-port';
import { mailerPort } from '../../shared/adapters/wiring/mailer';
import { storePort } from '../../shared/adapters/wiring/store';
import { makeReminders } from '../../shared/use-cases/reminders';
import { powertools } from '../commons/powertools';

const ports = handlerPorts('send-reminders', { store: storePort, mailer: mailerPort });

export const handler = middy(async () => makeReminders(ports).sendDue()).use(powertools);
