import { readFileSync } from 'node:fs';
import { Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { aslPlaceholders, DOMAIN_BUS_PLACEHOLDER, functionArnPlaceholder } from '../workflow/asl-placeholders';
import type { CatalogFunctions } from './catalog-functions';

/** Properties of {@link Lifecycle}. */
export interface LifecycleProps {
  /** `statemachines/contract-lifecycle.asl.json`: the only definition of the workflow. */
  readonly definitionFile: string;
  /** Deterministic, so functions can be given the ARN without depending on the state machine. */
  readonly stateMachineName: string;
  readonly functions: CatalogFunctions;
  readonly domainBus: events.IEventBus;
  readonly logRetention: logs.RetentionDays;
}

export { aslPlaceholders, DOMAIN_BUS_PLACEHOLDER, functionArnPlaceholder };

/**
 * The contract lifecycle: one Standard execution per contract, loaded from the ASL file with
 * `DefinitionBody.fromFile` and `definitionSubstitutions`. Which functions it may invoke follows from the
 * placeholders the file uses — `${EnterStageFunctionArn}` means catalog function `enter-stage` — so a new
 * Task state cannot reach a function the role does not allow, and an unknown placeholder fails the synth.
 *
 * @example
 * const lifecycle = new Lifecycle(this, 'Lifecycle', { definitionFile, stateMachineName: 'tradeflow-contract-lifecycle', functions, domainBus, logRetention });
 */
export class Lifecycle extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** Substitution values by placeholder, as passed to CloudFormation. */
  readonly substitutions: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: LifecycleProps) {
    super(scope, id);
    const placeholders = aslPlaceholders(readFileSync(props.definitionFile, 'utf8'));
    const byPlaceholder = new Map(props.functions.all().map((f) => [functionArnPlaceholder(f.definition.id), f.function]));

    const substitutions: Record<string, string> = {};
    const invoked = [];
    for (const placeholder of placeholders) {
      if (placeholder === DOMAIN_BUS_PLACEHOLDER) {
        substitutions[placeholder] = props.domainBus.eventBusName;
        continue;
      }
      const fn = byPlaceholder.get(placeholder);
      if (!fn) {
        throw new Error(
          `${props.definitionFile} uses \${${placeholder}}, which names no catalog function and no known value ` +
            `(functions: ${[...byPlaceholder.keys()].join(', ')}; values: ${DOMAIN_BUS_PLACEHOLDER})`,
        );
      }
      substitutions[placeholder] = fn.functionArn;
      invoked.push(fn);
    }
    this.substitutions = substitutions;

    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', { retention: props.logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'ContractLifecycle', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(props.definitionFile),
      definitionSubstitutions: substitutions,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    // The ASL invokes by unqualified ARN, so the role needs no `:*` (version/alias) resources.
    if (invoked.length > 0) {
      this.stateMachine.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: invoked.map((fn) => fn.functionArn) }),
      );
    }
    if (placeholders.includes(DOMAIN_BUS_PLACEHOLDER)) props.domainBus.grantPutEventsTo(this.stateMachine);
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by tracingEnabled and logs: xray:PutTraceSegments/PutTelemetryRecords/GetSamplingRules/GetSamplingTargets and the CloudWatch Logs vended-delivery actions (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) support no resource-level permissions. Lambda invoke and PutEvents name their resources; test/infra asserts this.',
    });
  }
}
