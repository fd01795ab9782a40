/**
 * The Tradeflow CDK app (`cdk.json`: `npx tsx infra/app.ts`). Synthesises offline: with no credentials the
 * stacks are environment-agnostic, and bundling uses the local esbuild (no Docker).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readTradeflowConfig } from './config';
import { addTradeflowStacks } from './stacks/tradeflow';

const app = new App();
const config = readTradeflowConfig((key) => app.node.tryGetContext(key));
const account = process.env.CDK_DEPLOY_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEPLOY_REGION ?? process.env.CDK_DEFAULT_REGION;
addTradeflowStacks(app, config, account && region ? { account, region } : undefined);

// cdk-nag runs as a policy validation plugin: unacknowledged findings fail `cdk synth`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
