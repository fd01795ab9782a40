/** Scheduled (hourly): deadline reminders to contract owners. */
import middy from '@middy/core';
import { defaultPorts } from '../../shared/adapters/clients';
import { makeReminders } from '../../shared/use-cases/reminders';

export const handler = middy(async () => makeReminders(defaultPorts()).sendDue());
