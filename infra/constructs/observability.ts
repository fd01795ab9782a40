import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { OBSERVABILITY } from '../config';
import { pascalCase } from './catalog-functions';

/** A dead-letter queue to watch, with what it catches. */
export interface WatchedQueue {
  readonly label: string;
  readonly queue: sqs.IQueue;
}

/** Properties of {@link Observability}. */
export interface ObservabilityProps {
  readonly namePrefix: string;
  readonly alarmEmail?: string;
  readonly deadLetterQueues: readonly WatchedQueue[];
  readonly functions: readonly { readonly id: string; readonly function: lambda.IFunction }[];
  readonly stateMachine: sfn.IStateMachine;
  readonly restApi: apigw.RestApi;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms and the operations dashboard. Every alarm notifies one SNS topic (encrypted with a key CloudWatch may
 * use; the AWS-managed SNS key cannot be granted to CloudWatch). What pages: any message in a DLQ, any Lambda
 * throttle or error, any failed, timed-out or aborted lifecycle execution, partner events quarantined, API 5xx.
 *
 * @example
 * new Observability(this, 'Observability', { namePrefix, deadLetterQueues, functions, stateMachine, restApi });
 */
export class Observability extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Tradeflow alarm topic; CloudWatch alarms may use it to publish.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { topicName: `${props.namePrefix}-alarms`, masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string, threshold = 1): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      this.alarms.push(created);
      return created;
    };

    const dlqDepth = props.deadLetterQueues.map(({ label, queue }) => {
      const metric = queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label });
      alarm(`Dlq${pascalCase(label)}`, metric, `Dead letters in ${label}: inspect and redrive (docs/cloud.md, "Redrive a DLQ").`);
      return metric;
    });

    const throttles = props.functions.map(({ id: fnId, function: fn }) => {
      const metric = fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum', label: fnId });
      alarm(`Throttles${pascalCase(fnId)}`, metric, `Lambda ${fnId} is throttled: raise account concurrency or find the burst.`);
      return metric;
    });
    const errors = props.functions.map(({ id: fnId, function: fn }) => {
      const metric = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label: fnId });
      alarm(`Errors${pascalCase(fnId)}`, metric, `Lambda ${fnId} failed invocations: see its log group and X-Ray traces.`);
      return metric;
    });

    const executions = [
      props.stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum', label: 'Failed' }),
      props.stateMachine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum', label: 'Timed out' }),
      props.stateMachine.metricAborted({ period: FIVE_MINUTES, statistic: 'Sum', label: 'Aborted' }),
    ];
    alarm('ExecutionsFailed', executions[0] as cloudwatch.Metric, 'A contract lifecycle execution failed: the contract no longer advances. See its execution history.');
    alarm('ExecutionsTimedOut', executions[1] as cloudwatch.Metric, 'A contract lifecycle execution timed out.');
    alarm('ExecutionsAborted', executions[2] as cloudwatch.Metric, 'A contract lifecycle execution was stopped: expected only when a contract is cancelled by an operator.');

    const quarantined = new cloudwatch.Metric({
      namespace: OBSERVABILITY.metricsNamespace,
      metricName: OBSERVABILITY.partnerEventsQuarantined,
      dimensionsMap: { service: OBSERVABILITY.serviceName },
      statistic: 'Sum',
      period: FIVE_MINUTES,
      label: 'Quarantined partner events',
    });
    alarm('PartnerEventsQuarantined', quarantined, 'Partner events could not be applied and wait in quarantine (GET /quarantine).');

    const api5xx = props.restApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' });
    alarm('Api5xx', api5xx, 'The API answered with server errors.', 5);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${props.namePrefix}-operations`,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'Dead-letter queue depth', left: dlqDepth, width: 12 }),
          new cloudwatch.GraphWidget({ title: 'Lifecycle executions failed / timed out / aborted', left: executions, width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Lambda throttles', left: throttles, width: 8 }),
          new cloudwatch.GraphWidget({ title: 'Lambda errors', left: errors, width: 8 }),
          new cloudwatch.GraphWidget({ title: 'Partner events quarantined', left: [quarantined], width: 8 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'API requests and errors',
            left: [props.restApi.metricCount({ period: FIVE_MINUTES, label: 'requests' })],
            right: [props.restApi.metricClientError({ period: FIVE_MINUTES, label: '4xx' }), api5xx],
            width: 12,
          }),
          new cloudwatch.GraphWidget({ title: 'API latency p95', left: [props.restApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p95' })], width: 12 }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }
}
