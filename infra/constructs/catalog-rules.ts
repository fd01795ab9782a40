import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DELIVERY } from '../config';
import type { EventRule } from '../event-rules';
import { pascalCase } from './catalog-functions';
import { deadLetterQueue } from './dead-letter-queue';

/** A deployed rule of `infra/event-rules.ts` (or the reminder schedule) with its target's DLQ. */
export interface DeployedRule {
  readonly name: string;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * A Lambda target with the retry policy and dead-letter queue every Tradeflow rule target has: EventBridge
 * retries for a day, then parks the event in the DLQ instead of dropping it.
 *
 * @example
 * const { target, deadLetterQueue } = lambdaTarget(this, 'Reminders', fn);
 */
export function lambdaTarget(scope: Construct, name: string, fn: lambda.IFunction): { target: targets.LambdaFunction; deadLetterQueue: sqs.Queue } {
  const dlq = deadLetterQueue(scope, `${name}TargetDlq`, { kind: 'rule-target' });
  const target = new targets.LambdaFunction(fn, {
    deadLetterQueue: dlq,
    retryAttempts: DELIVERY.ruleTargetRetryAttempts,
    maxEventAge: Duration.hours(DELIVERY.ruleTargetMaxEventAgeHours),
  });
  return { target, deadLetterQueue: dlq };
}

/**
 * Creates one `events.Rule` for an entry of `infra/event-rules.ts`, on the bus it names, with its pattern
 * passed through untouched (EventBridge JSON, as the local bus reads it).
 *
 * @example
 * const deployed = catalogRule(this, rule, buses.bus(rule.eventBus), functions.get(rule.target.functionId).function);
 */
export function catalogRule(scope: Construct, definition: EventRule, bus: events.IEventBus, fn: lambda.IFunction): DeployedRule {
  const name = pascalCase(definition.name);
  const { target, deadLetterQueue } = lambdaTarget(scope, name, fn);
  const rule = new events.Rule(scope, name, {
    eventBus: bus,
    description: definition.description,
    // CDK renders keys as given (only `detailType` is renamed), so the EventBridge JSON goes in unchanged.
    eventPattern: definition.pattern as unknown as events.EventPattern,
    targets: [target],
  });
  return { name: definition.name, rule, deadLetterQueue };
}
