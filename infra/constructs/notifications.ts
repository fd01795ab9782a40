import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { EventRule } from '../event-rules';
import type { CatalogFunctions } from './catalog-functions';
import { catalogRule, lambdaTarget, type DeployedRule } from './catalog-rules';

/** The reminder scan: which catalog function, how often. */
export const REMINDER_SCHEDULE = { functionId: 'send-reminders', every: Duration.hours(1) } as const;

/** Properties of {@link Notifications}. */
export interface NotificationsProps {
  /** The rules of `infra/event-rules.ts` on the domain bus. */
  readonly rules: readonly EventRule[];
  readonly domainBus: events.IEventBus;
  readonly functions: CatalogFunctions;
}

/**
 * Telling people: domain events (a stage changed) reach the customer-notification function through the rules
 * of `infra/event-rules.ts`, and an hourly schedule runs the reminder scan. The SES identity and configuration
 * set are stateful and live in the data stack.
 *
 * @example
 * new Notifications(this, 'Notifications', { rules: eventRules.filter((r) => r.eventBus === 'domain'), domainBus, functions });
 */
export class Notifications extends Construct {
  readonly rules: DeployedRule[];
  readonly reminderSchedule: DeployedRule;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.rules = props.rules.map((rule) => catalogRule(this, rule, props.domainBus, props.functions.get(rule.target.functionId).function));

    const { target, deadLetterQueue } = lambdaTarget(this, 'ReminderSchedule', props.functions.get(REMINDER_SCHEDULE.functionId).function);
    const rule = new events.Rule(this, 'ReminderSchedule', {
      description: 'Hourly: remind owners before latest shipment, L/C presentation and expiry, and payment due dates.',
      schedule: events.Schedule.rate(REMINDER_SCHEDULE.every),
      targets: [target],
    });
    this.reminderSchedule = { name: 'reminder-schedule', rule, deadLetterQueue };
  }
}
