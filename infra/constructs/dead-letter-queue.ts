import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DELIVERY } from '../config';

/** What a dead-letter queue catches; it becomes the queue's description in alarms and the runbook. */
export interface DeadLetterQueueProps {
  /** `lambda-async` queues are on a function; `rule-target` queues on an EventBridge rule target. */
  readonly kind: 'lambda-async' | 'rule-target';
}

/**
 * An encrypted, TLS-only SQS queue that holds failed deliveries for 14 days, for inspection and redrive
 * (docs/cloud.md). Every DLQ in Tradeflow is made here so they all alarm and redrive the same way.
 *
 * @example
 * const dlq = deadLetterQueue(this, 'IngestDlq', { kind: 'rule-target' });
 */
export function deadLetterQueue(scope: Construct, id: string, props: DeadLetterQueueProps): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(DELIVERY.deadLetterRetentionDays),
  });
  if (props.kind === 'rule-target') {
    // cdk-nag recognises a DLQ only when an SQS queue or a Lambda function points at it; an EventBridge target's
    // DeadLetterConfig is not among them.
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of an EventBridge rule target. A DLQ behind a DLQ would only move the same messages; they are redriven by hand (docs/cloud.md) and alarmed on depth.',
    });
  }
  return queue;
}
