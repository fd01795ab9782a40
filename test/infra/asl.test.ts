import validator from 'asl-validator';
import { type AslDefinition, type AslState, localLambdaArn, substituteDefinition } from '../../infra/local/step-functions/definition';
import { taskIntegration, type TaskIntegrationDeps } from '../../infra/local/step-functions/task-integrations';
import { aslPlaceholders, DOMAIN_BUS_PLACEHOLDER } from '../../infra/constructs/lifecycle';
import { functionsCatalog } from '../../infra/functions-catalog';
import { pascalCase } from '../../infra/constructs/catalog-functions';
import { LIFECYCLE_ASL_TEXT } from './synthesized-tradeflow';

/** Every state, with Parallel branches and Map processors, as [name, state]. */
function allStates(machine: AslDefinition): [string, AslState][] {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...[...(state.Branches ?? []), ...(state.ItemProcessor ? [state.ItemProcessor] : []), ...(state.Iterator ? [state.Iterator] : [])].flatMap(allStates),
  ]);
}

/** The definition as the local runtime loads it: placeholders replaced by local ARNs and names. */
function localDefinition(): AslDefinition {
  const substitutions = Object.fromEntries(
    aslPlaceholders(LIFECYCLE_ASL_TEXT).map((placeholder) => {
      if (placeholder === DOMAIN_BUS_PLACEHOLDER) return [placeholder, 'tradeflow-domain'];
      const fn = functionsCatalog.find((f) => `${pascalCase(f.id)}FunctionArn` === placeholder);
      if (!fn) throw new Error(`No catalog function for \${${placeholder}}`);
      return [placeholder, localLambdaArn(fn.id)];
    }),
  );
  return JSON.parse(substituteDefinition(LIFECYCLE_ASL_TEXT, substitutions)) as AslDefinition;
}

describe('contract-lifecycle.asl.json', () => {
  it('is valid ASL (asl-validator, with path and ARN checks)', () => {
    const result = validator(localDefinition(), { checkPaths: true, checkArn: true });

    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('uses nothing the local engine cannot execute: JSONPath only, no variables, no JSONata', () => {
    const definition = JSON.parse(LIFECYCLE_ASL_TEXT) as AslDefinition;

    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(LIFECYCLE_ASL_TEXT).not.toContain('{%');
    for (const [name, state] of allStates(definition)) {
      for (const field of ['QueryLanguage', 'Assign', 'Arguments', 'Output', 'Items', 'Condition']) {
        expect({ state: name, field, present: field in state }).toEqual({ state: name, field, present: false });
      }
    }
  });

  it('has only Task resources the local runtime provides', () => {
    const deps: TaskIntegrationDeps = {
      invokeFunction: async () => null,
      dynamodb: { send: async () => ({}) },
      eventBridge: { send: async () => ({}) },
      naming: { region: 'eu-west-1', accountId: '000000000000', functionNamePrefix: 'tradeflow-' },
    };
    const tasks = allStates(localDefinition()).filter(([, state]) => state.Type === 'Task');

    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, state] of tasks) {
      let problem: string | undefined;
      try {
        taskIntegration(state.Resource!, deps);
      } catch (error) {
        problem = String(error);
      }
      expect({ state: name, problem }).toEqual({ state: name, problem: undefined });
    }
  });

  it('gives every .waitForTaskToken state a timeout and a Catch for States.Timeout', () => {
    const waits = allStates(JSON.parse(LIFECYCLE_ASL_TEXT) as AslDefinition).filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));

    expect(waits.length).toBeGreaterThan(0);
    for (const [name, state] of waits) {
      expect({ name, timeout: state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined }).toEqual({ name, timeout: true });
      const caught = (state.Catch ?? []).flatMap((c) => c.ErrorEquals);
      expect({ name, catchesTimeout: caught.includes('States.Timeout') || caught.includes('States.ALL') }).toEqual({ name, catchesTimeout: true });
    }
  });
});
