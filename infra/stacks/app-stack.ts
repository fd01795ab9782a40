import { join } from 'node:path';
import { ArnFormat, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OBSERVABILITY, type TradeflowConfig } from '../config';
import { Api } from '../constructs/api';
import { CatalogFunctions, retentionDays } from '../constructs/catalog-functions';
import { Lifecycle } from '../constructs/lifecycle';
import { Notifications, REMINDER_SCHEDULE } from '../constructs/notifications';
import { Observability } from '../constructs/observability';
import { Partners } from '../constructs/partners';
import { eventRules } from '../event-rules';
import { functionsCatalog } from '../functions-catalog';
import { routes } from '../routes';
import { tradeflowTable } from '../table-design';
import type { TradeflowDataStack } from './data-stack';

/** Properties of {@link TradeflowAppStack}. */
export interface TradeflowAppStackProps extends StackProps {
  readonly config: TradeflowConfig;
  readonly data: TradeflowDataStack;
  /** Repository root (catalog entries, the ASL file, package-lock.json). */
  readonly projectRoot: string;
}

/** The lifecycle state machine's name; deterministic, so functions get its ARN without a dependency cycle. */
export function lifecycleStateMachineName(config: Pick<TradeflowConfig, 'namePrefix'>): string {
  return `${config.namePrefix}-contract-lifecycle`;
}

/** The ASL file, relative to the repository root. */
export const LIFECYCLE_DEFINITION = 'statemachines/contract-lifecycle.asl.json';

/**
 * Everything stateless: the catalog functions, the lifecycle state machine, the API, the rules and schedule,
 * alarms and dashboard. Safe to destroy and redeploy; it reads the data stack's resources by reference.
 *
 * The functions need the state machine's ARN (start, callback, stop) and the state machine needs the
 * functions' ARNs (its Task states). The cycle is cut by naming the state machine: its ARN is formatted from
 * the name, so functions depend on a string, not on the resource.
 */
export class TradeflowAppStack extends Stack {
  readonly functions: CatalogFunctions;
  readonly lifecycle: Lifecycle;
  readonly api: Api;
  readonly partners: Partners;
  readonly notifications: Notifications;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: TradeflowAppStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const logRetention = retentionDays(config.logRetentionDays);
    const stateMachineName = lifecycleStateMachineName(config);
    const stateMachineArn = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.functions = new CatalogFunctions(this, 'Functions', {
      catalog: functionsCatalog,
      projectRoot: props.projectRoot,
      code: config.functionCode,
      logRetentionDays: config.logRetentionDays,
      invokedAsynchronously: new Set([...eventRules.map((rule) => rule.target.functionId), REMINDER_SCHEDULE.functionId]),
      environment: {
        TABLE_NAME: data.store.table.tableName,
        STATE_MACHINE_ARN: stateMachineArn,
        DOMAIN_EVENT_BUS_NAME: data.buses.domain.eventBusName,
        SENDER_ADDRESS: config.senderAddress,
        SES_CONFIGURATION_SET: data.email.configurationSetName,
        ...(config.apiBaseUrl ? { API_BASE_URL: config.apiBaseUrl } : {}),
        POWERTOOLS_SERVICE_NAME: OBSERVABILITY.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: OBSERVABILITY.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      grantTargets: { table: data.store.table, indexNames: tradeflowTable.globalSecondaryIndexes.map((index) => index.name), stateMachineArn, stateMachineName, domainBus: data.buses.domain, email: data.email },
    });

    this.lifecycle = new Lifecycle(this, 'Lifecycle', {
      definitionFile: join(props.projectRoot, LIFECYCLE_DEFINITION),
      stateMachineName,
      functions: this.functions,
      domainBus: data.buses.domain,
      logRetention,
    });

    const apiFunctionIds = new Set(routes.map((route) => route.functionId));
    if (apiFunctionIds.size !== 1) throw new Error(`infra/routes.ts: one function serves the API, found ${[...apiFunctionIds].join(', ')}`);
    this.api = new Api(this, 'Api', {
      namePrefix: config.namePrefix,
      routes,
      handler: this.functions.get([...apiFunctionIds][0] as string).function,
      userPool: data.users.userPool,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      wafRateLimitPer5Minutes: config.wafRateLimitPer5Minutes,
      corsAllowedOrigins: config.corsAllowedOrigins,
      logRetention,
    });

    this.partners = new Partners(this, 'Partners', {
      rules: eventRules.filter((rule) => rule.eventBus === 'partner'),
      partnerBus: data.buses.partner,
      functions: this.functions,
    });
    this.notifications = new Notifications(this, 'Notifications', {
      rules: eventRules.filter((rule) => rule.eventBus === 'domain'),
      domainBus: data.buses.domain,
      functions: this.functions,
    });

    this.observability = new Observability(this, 'Observability', {
      namePrefix: config.namePrefix,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
      deadLetterQueues: [
        ...this.functions.all().flatMap((f) => (f.deadLetterQueue ? [{ label: `${f.definition.id}-async`, queue: f.deadLetterQueue }] : [])),
        ...[...this.partners.rules, ...this.notifications.rules, this.notifications.reminderSchedule].map((r) => ({ label: `${r.name}-target`, queue: r.deadLetterQueue })),
        { label: 'ses-feedback-forward', queue: data.email.feedbackDeadLetterQueue },
      ],
      functions: this.functions.all().map((f) => ({ id: f.definition.id, function: f.function })),
      stateMachine: this.lifecycle.stateMachine,
      restApi: this.api.restApi,
    });
  }
}
