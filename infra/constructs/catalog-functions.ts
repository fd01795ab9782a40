import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pascalCase } from '../workflow/asl-placeholders';

export { pascalCase };
import { DELIVERY, type TradeflowConfig } from '../config';
import type { FunctionDefinition, FunctionGrant } from '../functions-catalog';
import { deadLetterQueue } from './dead-letter-queue';
import type { Email } from './email';

/** The runtime of every function; a constant so the template test and cdk-nag (L1) agree on it. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const FUNCTION_ARCHITECTURE = lambda.Architecture.ARM_64;

/** What the catalog's `grants` refer to. */
export interface GrantTargets {
  readonly table: dynamodb.ITableV2;
  /** The table's GSIs (from `infra/table-design.ts`): read grants name each one rather than `index/*`. */
  readonly indexNames: readonly string[];
  /** Built from the deterministic state machine name, so functions never depend on the state machine. */
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly domainBus: events.IEventBus;
  readonly email: Email;
}

/** Properties of {@link CatalogFunctions}. */
export interface CatalogFunctionsProps {
  readonly catalog: readonly FunctionDefinition[];
  /** Repository root: catalog entries, package-lock.json and tsconfig.json are relative to it. */
  readonly projectRoot: string;
  readonly code: TradeflowConfig['functionCode'];
  /** The same environment for every function: `shared/config.ts` parses it once, whichever handler runs. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
  /**
   * Ids EventBridge invokes asynchronously (rule and schedule targets), in addition to entries marked
   * `async` in the catalog: each gets Lambda's async retry settings and an on-failure DLQ.
   */
  readonly invokedAsynchronously: ReadonlySet<string>;
  readonly grantTargets: GrantTargets;
}

/** One deployed catalog function and what belongs to it alone. */
export interface CatalogFunction {
  readonly definition: FunctionDefinition;
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly deadLetterQueue?: sqs.Queue;
}

/**
 * One Lambda function per entry of `infra/functions-catalog.ts`: Node.js 24 on arm64, bundled by local esbuild
 * as minified, tree-shaken ESM with source maps, its own role with exactly the catalog's grants, its own log
 * group with a retention, X-Ray active tracing and JSON logs. No AWS managed policy is attached.
 *
 * `code: 'stub'` swaps the bundle for a one-line inline handler (template tests only); everything else —
 * role, grants, environment, log group, DLQ — is identical.
 *
 * @example
 * const fns = new CatalogFunctions(this, 'Functions', { catalog: functionsCatalog, projectRoot, code: 'bundle', environment, logRetentionDays: 90, invokedAsynchronously: new Set(['notify-customer']), grantTargets });
 * fns.get('enter-stage').function.functionArn;
 */
export class CatalogFunctions extends Construct {
  private readonly byId = new Map<string, CatalogFunction>();

  constructor(scope: Construct, id: string, props: CatalogFunctionsProps) {
    super(scope, id);
    if (props.code === 'bundle') assertEntriesExist(props.catalog, props.projectRoot);

    for (const definition of props.catalog) {
      const name = pascalCase(definition.id);
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: retentionDays(props.logRetentionDays) });
      const role = new iam.Role(this, `${name}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Tradeflow function ${definition.id}: catalog grants ${definition.grants.join(', ') || '(none)'}`,
      });
      // In place of AWSLambdaBasicExecutionRole (logs:* on every log group): write to this group only.
      logGroup.grantWrite(role);

      const isAsync = definition.async === true || props.invokedAsynchronously.has(definition.id);
      const dlq = isAsync ? deadLetterQueue(this, `${name}Dlq`, { kind: 'lambda-async' }) : undefined;

      const common: lambda.FunctionOptions = {
        description: definition.description,
        architecture: FUNCTION_ARCHITECTURE,
        memorySize: definition.memoryMb,
        timeout: Duration.seconds(definition.timeoutSeconds),
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
        systemLogLevelV2: lambda.SystemLogLevel.WARN,
        tracing: lambda.Tracing.ACTIVE,
        environment: { ...props.environment },
        ...(isAsync
          ? {
              deadLetterQueue: dlq,
              retryAttempts: DELIVERY.lambdaAsyncRetryAttempts,
              maxEventAge: Duration.hours(DELIVERY.lambdaAsyncMaxEventAgeHours),
            }
          : {}),
      };

      const fn =
        props.code === 'bundle'
          ? new nodejs.NodejsFunction(this, name, {
              ...common,
              runtime: FUNCTION_RUNTIME,
              entry: join(props.projectRoot, definition.entry),
              handler: 'handler',
              projectRoot: props.projectRoot,
              depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
              bundling: {
                forceDockerBundling: false,
                format: nodejs.OutputFormat.ESM,
                target: 'node24',
                platform: 'node',
                minify: true,
                sourceMap: true,
                sourcesContent: false,
                mainFields: ['module', 'main'],
                // Bundle the AWS SDK too: the version we tested is the version that runs, and tree-shaking
                // keeps only the commands we call.
                externalModules: [],
                tsconfig: join(props.projectRoot, 'tsconfig.json'),
                esbuildArgs: { '--tree-shaking': 'true' },
                // CommonJS dependencies inside an ESM bundle still call require().
                banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
              },
            })
          : new lambda.Function(this, name, {
              ...common,
              runtime: FUNCTION_RUNTIME,
              handler: 'index.handler',
              code: lambda.Code.fromInline(`exports.handler = async () => { throw new Error('stub code of ${definition.id}: template tests only'); };`),
            });
      fn.addEnvironment('NODE_OPTIONS', '--enable-source-maps');

      for (const grant of definition.grants) GRANTS[grant](fn, props.grantTargets);
      Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: XRAY_REASON });
      if (definition.grants.includes('workflow:stop')) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagArn(this, executionArnPattern(this, props.grantTargets.stateMachineName))}]`,
          reason: `states:StopExecution acts on an execution, and each contract has its own execution name; the wildcard is the name segment only, under the one state machine ${props.grantTargets.stateMachineName}.`,
        });
      }
      this.byId.set(definition.id, { definition, function: fn, logGroup, ...(dlq ? { deadLetterQueue: dlq } : {}) });
    }
  }

  /** The function with catalog id `id`; throws for an id the catalog does not have. */
  get(id: string): CatalogFunction {
    const found = this.byId.get(id);
    if (!found) throw new Error(`No catalog function "${id}" (infra/functions-catalog.ts has: ${[...this.byId.keys()].join(', ')})`);
    return found;
  }

  /** Every function, in catalog order. */
  all(): CatalogFunction[] {
    return [...this.byId.values()];
  }
}

/**
 * What each catalog grant means in IAM. A `Record` over the grant union: adding a grant kind to the catalog
 * without saying what it allows fails the type check.
 */
const GRANTS: Record<FunctionGrant, (fn: lambda.IFunction, t: GrantTargets) => void> = {
  'table:read': (fn, t) => allow(fn, TABLE_READ_ACTIONS, [t.table.tableArn, ...t.indexNames.map((name) => `${t.table.tableArn}/index/${name}`)]),
  'table:write': (fn, t) => allow(fn, TABLE_WRITE_ACTIONS, [t.table.tableArn]),
  'workflow:start': (fn, t) => allow(fn, ['states:StartExecution'], [t.stateMachineArn]),
  'workflow:callback': (fn, t) => allow(fn, ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], [t.stateMachineArn]),
  'workflow:stop': (fn, t) =>
    allow(fn, ['states:StopExecution'], [executionArnPattern(fn, t.stateMachineName)]),
  'domainBus:put': (fn, t) => t.domainBus.grantPutEventsTo(fn),
  'email:send': (fn, t) => t.email.grantSend(fn),
};

/**
 * `grantReadData` minus what no access pattern of `infra/table-design.ts` needs: `Scan` (every pattern is a
 * key lookup or a Query) and the stream reads; on the table and each named index instead of `index/*`.
 */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
/** `grantWriteData` on the table only: indexes cannot be written. Transactions are authorised per item action. */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'];

function allow(fn: lambda.IFunction, actions: string[], resources: string[]): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
}

/** Why every function role carries `Resource: *`; the template test checks no other action does. */
const XRAY_REASON =
  'Only xray:PutTraceSegments and xray:PutTelemetryRecords (added by Tracing.ACTIVE) use Resource "*": X-Ray has no resource-level permissions for them. Every other statement names its resources; test/infra asserts this.';

/**
 * An ARN as cdk-nag prints it in a finding id: pseudo parameters as `<AWS::Region>`, literals as they are.
 * Only for ARNs built by `formatArn` in this stack (no cross-stack imports).
 */
function nagArn(scope: Construct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  const parts = isJoin(resolved) ? resolved['Fn::Join'][1] : [resolved];
  return parts.map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join('');
}

function isJoin(value: unknown): value is { 'Fn::Join': [string, unknown[]] } {
  return typeof value === 'object' && value !== null && 'Fn::Join' in value;
}

/** Executions of one state machine: their names are per contract, so the last segment is a wildcard. */
export function executionArnPattern(scope: Construct, stateMachineName: string): string {
  return Stack.of(scope).formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

function assertEntriesExist(catalog: readonly FunctionDefinition[], projectRoot: string): void {
  const missing = catalog.filter((definition) => !existsSync(join(projectRoot, definition.entry)));
  if (missing.length > 0) {
    throw new Error(
      `Cannot bundle: handler file(s) missing for ${missing.map((d) => `${d.id} (${d.entry})`).join(', ')}. ` +
        'Every entry of infra/functions-catalog.ts must exist; for template tests only, use -c functionCode=stub.',
    );
  }
}

const RETENTION_DAYS = Object.values(logs.RetentionDays).filter((value): value is number => typeof value === 'number' && value > 0);

/** The smallest CloudWatch retention that keeps logs at least `days` days. */
export function retentionDays(days: number): logs.RetentionDays {
  const sorted = [...RETENTION_DAYS].sort((a, b) => a - b);
  return (sorted.find((value) => value >= days) ?? sorted[sorted.length - 1]) as logs.RetentionDays;
}

