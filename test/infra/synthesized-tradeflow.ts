/**
 * One synthesized Tradeflow app per test file (jest isolates modules per file, so the cache below is per file).
 * Functions use the stub code mode: no esbuild, no dependence on the handler files; everything else — roles,
 * grants, environment, rules, the ASL asset — is what `cdk synth` produces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnResource, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { readTradeflowConfig, type TradeflowConfig } from '../../infra/config';
import { addTradeflowStacks, type TradeflowStacks } from '../../infra/stacks/tradeflow';

/** Context of the test app: a real-looking sender and two partner accounts (invented). */
export const TEST_CONTEXT = {
  functionCode: 'stub',
  senderAddress: 'contracts@hanseatic-traders.example',
  partnerAccountIds: '111122223333,444455556666',
} as const;

export interface SynthesizedTradeflow {
  readonly app: App;
  readonly config: TradeflowConfig;
  readonly stacks: TradeflowStacks;
  readonly assembly: CloudAssembly;
  readonly dataTemplate: Template;
  readonly appTemplate: Template;
}

// cdk-nag reads a few deprecated L1 properties; their warnings are noise here.
process.env.JSII_DEPRECATED ??= 'quiet';

let cached: SynthesizedTradeflow | undefined;

/** Builds and synthesizes the app once; later calls in the same test file get the same result. */
export function synthesizedTradeflow(): SynthesizedTradeflow {
  if (!cached) {
    const app = new App({ context: { ...TEST_CONTEXT } });
    const config = readTradeflowConfig((key) => app.node.tryGetContext(key));
    const stacks = addTradeflowStacks(app, config);
    const assembly = app.synth();
    cached = {
      app,
      config,
      stacks,
      assembly,
      dataTemplate: Template.fromStack(stacks.data),
      appTemplate: Template.fromStack(stacks.app),
    };
  }
  return cached;
}

/** CloudFormation logical id of a construct (its default child when it is an L2). */
export function logicalIdOf(construct: IConstruct): string {
  const stack = construct.node.scopes.find((scope): scope is Stack => 'templateOptions' in scope) as Stack;
  const resource = (construct.node.defaultChild ?? construct) as CfnResource;
  return stack.getLogicalId(resource);
}

/** Resources of one type in a template, by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, { Properties: Record<string, unknown> }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> }>;
}

/** The data-stack logical id an `Fn::ImportValue` in the app stack refers to (through the data stack's exports). */
export function importedLogicalId(synth: SynthesizedTradeflow, importValue: unknown): string | undefined {
  const name = (importValue as { 'Fn::ImportValue'?: string })?.['Fn::ImportValue'];
  if (!name) return undefined;
  const outputs = synth.dataTemplate.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
  const output = Object.values(outputs).find((candidate) => candidate.Export?.Name === name);
  const value = output?.Value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  return value?.Ref ?? value?.['Fn::GetAtt']?.[0];
}

export const REPO_ROOT = join(__dirname, '..', '..');
export const LIFECYCLE_ASL_TEXT = readFileSync(join(REPO_ROOT, 'statemachines/contract-lifecycle.asl.json'), 'utf8');
