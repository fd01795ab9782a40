/**
 * What the cost depends on in the deployed shape, read from the synthesized CloudFormation template (the
 * stacks of infra/stacks/tradeflow.ts, synthesized in-process with stub function code: no bundling):
 * each function's memory and architecture, the state machine type, the API kind and the table's billing
 * mode. The cost tool prices what CDK would deploy, not what a document says.
 */
import { App } from 'aws-cdk-lib';
import { readTradeflowConfig } from '../../config';
import { functionsCatalog } from '../../functions-catalog';
import { addTradeflowStacks } from '../../stacks/tradeflow';

/** A Lambda function as deployed. */
export interface DeployedFunction {
  readonly functionId: string;
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly tracing: boolean;
}

/** The cost-relevant facts of the template. */
export interface DeploymentFacts {
  readonly functions: readonly DeployedFunction[];
  readonly stateMachineTypes: readonly string[];
  readonly apiKind: 'REST' | 'HTTP';
  readonly tableBillingModes: readonly string[];
  /** Resource types billed per request or per month that this model does not price (named in the report). */
  readonly unpricedResourceTypes: readonly string[];
  readonly synthMs: number;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

const UNPRICED = ['AWS::WAFv2::WebACL', 'AWS::Logs::LogGroup', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::SQS::Queue', 'AWS::Events::Archive', 'AWS::Cognito::UserPool', 'AWS::KMS::Key'];

/**
 * Synthesizes both stacks and reads the facts.
 *
 * @example
 * const facts = synthesizeDeploymentFacts();
 * facts.functions.find((f) => f.functionId === 'enter-stage')?.memoryMb; // 256
 */
export function synthesizeDeploymentFacts(): DeploymentFacts {
  const started = performance.now();
  process.env.JSII_DEPRECATED ??= 'quiet';
  const app = new App({ context: { functionCode: 'stub', senderAddress: 'contracts@hanseatic-traders.example' } });
  const config = readTradeflowConfig((key) => app.node.tryGetContext(key));
  const stacks = addTradeflowStacks(app, config);
  const assembly = app.synth();
  const resources: Resource[] = [stacks.data, stacks.app].flatMap((stack) => Object.values((assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, Resource> }).Resources));
  const byDescription = new Map<string, string>(functionsCatalog.map((f) => [f.description, f.id]));
  const functions: DeployedFunction[] = [];
  for (const r of resources.filter((x) => x.Type === 'AWS::Lambda::Function')) {
    const p = r.Properties ?? {};
    const functionId = byDescription.get(String(p.Description));
    if (!functionId) continue; // CDK's own helper functions (log retention, custom resources)
    functions.push({
      functionId,
      memoryMb: Number(p.MemorySize ?? 128),
      architecture: (p.Architectures as string[] | undefined)?.[0] === 'arm64' ? 'arm64' : 'x86_64',
      tracing: (p.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
    });
  }
  const missing = functionsCatalog.filter((f) => !functions.some((d) => d.functionId === f.id)).map((f) => f.id);
  if (missing.length) throw new Error(`No function in the synthesized template for catalog entries ${missing.join(', ')} (matched by Description).`);
  const types = new Set(resources.map((r) => r.Type));
  return {
    functions,
    stateMachineTypes: resources.filter((r) => r.Type === 'AWS::StepFunctions::StateMachine').map((r) => String(r.Properties?.StateMachineType ?? 'STANDARD')),
    apiKind: types.has('AWS::ApiGateway::RestApi') ? 'REST' : 'HTTP',
    tableBillingModes: resources.filter((r) => r.Type === 'AWS::DynamoDB::Table' || r.Type === 'AWS::DynamoDB::GlobalTable').map((r) => String(r.Properties?.BillingMode ?? 'PROVISIONED')),
    unpricedResourceTypes: UNPRICED.filter((t) => types.has(t)),
    synthMs: Math.round(performance.now() - started),
  };
}
