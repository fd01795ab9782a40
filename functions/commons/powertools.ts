/**
 * Powertools for AWS Lambda, once per container: the logger, the metrics (CloudWatch EMF) and the tracer
 * (X-Ray) every handler uses, and the middy middlewares that attach them.
 *
 * Outside Lambda (the local runtime, tests: `AWS_LAMBDA_FUNCTION_NAME` unset) metrics and tracing are off,
 * so the local runtime does not print an EMF document per invocation. POWERTOOLS_METRICS_DISABLED, when
 * set, decides either way (`false` shows the EMF output locally).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { instrumentClientsWith } from '../../shared/adapters/wiring/lazy-port';

/**
 * Names the CloudWatch alarms in infra/constructs/observability.ts read (there from infra/config.ts
 * `OBSERVABILITY`; test/unit/bundle-size.test.ts keeps the two equal — infra/config.ts is not imported here
 * because it would put the deploy-config schema into every bundle).
 */
export const TELEMETRY = {
  serviceName: 'tradeflow',
  metricsNamespace: 'Tradeflow',
  metrics: { partnerEventsQuarantined: 'PartnerEventsQuarantined', contractsCreated: 'ContractsCreated' },
} as const;

export type BusinessMetric = (typeof TELEMETRY.metrics)[keyof typeof TELEMETRY.metrics];

const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
const metricsSwitch = process.env.POWERTOOLS_METRICS_DISABLED?.trim().toLowerCase();
/** Whether business metrics are recorded: in Lambda, unless POWERTOOLS_METRICS_DISABLED says otherwise. */
export const metricsEnabled = metricsSwitch === undefined || metricsSwitch === '' ? inLambda : !['1', 'true', 'y', 'yes', 'on'].includes(metricsSwitch);

export const logger = new Logger({ serviceName: TELEMETRY.serviceName });

export const metrics = new Metrics({
  namespace: TELEMETRY.metricsNamespace,
  serviceName: TELEMETRY.serviceName,
  // Most invocations record no business metric; Powertools would warn on each empty flush (maintainers'
  // advice: pass a logger that drops it, aws-powertools/powertools-lambda-typescript#2036).
  logger: {
    debug: () => undefined,
    info: () => undefined,
    warn: (...content: unknown[]) => {
      if (!String(content[0]).startsWith('No application metrics to publish')) logger.warn(String(content[0]), { detail: content.slice(1) });
    },
    error: (...content: unknown[]) => logger.error(String(content[0]), { detail: content.slice(1) }),
  },
});

/** Active in Lambda only (X-Ray active tracing is on for every catalog function); a no-op elsewhere. */
export const tracer = new Tracer({ serviceName: TELEMETRY.serviceName, enabled: inLambda });

// Every SDK call of a port becomes an X-Ray subsegment (DynamoDB, Step Functions, EventBridge, SES).
instrumentClientsWith((client) => tracer.captureAWSv3Client(client));

/**
 * Counts one occurrence of a business metric (dimension `service`, as the alarms expect); published when
 * the invocation ends by `logMetrics`.
 *
 * @example countMetric(TELEMETRY.metrics.partnerEventsQuarantined);
 */
export function countMetric(name: BusinessMetric): void {
  if (metricsEnabled) metrics.addMetric(name, MetricUnit.Count, 1);
}

/**
 * The middlewares every handler uses, outermost first: X-Ray segment (no response capture: contract data
 * and contacts' e-mail addresses stay out of traces), EMF flush with the cold-start metric, and the Lambda
 * context on every log line.
 *
 * @example export const handler = middy(run).use(powertools).use(taskInput(Input));
 */
export const powertools = [
  captureLambdaHandler(tracer, { captureResponse: false }),
  logMetrics(metrics, { captureColdStartMetric: metricsEnabled }),
  injectLambdaContext(logger),
];
