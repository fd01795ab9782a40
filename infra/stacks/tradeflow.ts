import { join } from 'node:path';
import type { App, Environment } from 'aws-cdk-lib';
import type { TradeflowConfig } from '../config';
import { TradeflowAppStack } from './app-stack';
import { TradeflowDataStack } from './data-stack';

/** The two stacks of Tradeflow. */
export interface TradeflowStacks {
  readonly data: TradeflowDataStack;
  readonly app: TradeflowAppStack;
}

const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

/** The repository root, from this file's place in it (infra/stacks/). */
export const PROJECT_ROOT = join(__dirname, '..', '..');

/**
 * Adds the Tradeflow stacks to `app`: the retained data stack, and the app stack that depends on it. Used by
 * `infra/app.ts` and by the template tests, so both build exactly the same tree.
 *
 * @example
 * const { data, app: appStack } = addTradeflowStacks(new App(), readTradeflowConfig((k) => app.node.tryGetContext(k)));
 */
export function addTradeflowStacks(app: App, config: TradeflowConfig, env?: Environment): TradeflowStacks {
  // Explicitly the producer-protecting kind (CloudFormation exports): the data stack cannot drop a value the
  // app stack still imports. Deploy both stacks together (`cdk deploy --all`) when a reference changes.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined) app.node.setContext(CROSS_STACK_REFERENCES, 'strong');
  const common = { ...(env ? { env } : {}), tags: { application: 'tradeflow' } };
  const data = new TradeflowDataStack(app, 'TradeflowDataStack', {
    ...common,
    config,
    description: 'Tradeflow stateful resources: table, event buses and archive, SES identity, user pool (retained).',
    terminationProtection: true,
  });
  const appStack = new TradeflowAppStack(app, 'TradeflowAppStack', {
    ...common,
    config,
    data,
    projectRoot: PROJECT_ROOT,
    description: 'Tradeflow stateless resources: functions, contract lifecycle, API, rules, alarms, dashboard.',
  });
  appStack.addStackDependency(data);
  return { data, app: appStack };
}
