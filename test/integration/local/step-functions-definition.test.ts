import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  ENGINE_TASK_TIMEOUT_SECONDS,
  engineDefinition,
  functionIdFromName,
  localLambdaArn,
  substituteDefinition,
  taskStates,
  type AslDefinition,
} from '../../../infra/local/step-functions/definition';
import { taskIntegration } from '../../../infra/local/step-functions/task-integrations';
import { fixtureText } from './step-functions.harness';

/** Every path at which two JSON values differ, e.g. `States.Stage DRAFT.TimeoutSecondsPath`. */
function differences(a: unknown, b: unknown, path: string[] = []): string[][] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], [...path, key]));
  }
  return Object.is(a, b) ? [] : [path];
}

/** The product's ASL files (read only) with every `${Name}` resolved, plus this suite's fixtures. */
function definitionsUnderTest(): [string, AslDefinition][] {
  const fixtures = readdirSync(join(__dirname, '../../fixtures/asl'))
    .filter((file) => file.startsWith('local-sfn-'))
    .map((file): [string, AslDefinition] => [file, JSON.parse(fixtureText(file.replace('.asl.json', ''))) as AslDefinition]);
  const productDir = join(__dirname, '../../../statemachines');
  const product = existsSync(productDir)
    ? readdirSync(productDir)
        .filter((file) => file.endsWith('.asl.json'))
        .map((file): [string, AslDefinition] => {
          const text = readFileSync(join(productDir, file), 'utf8');
          const names = [...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string);
          const substitutions = Object.fromEntries(names.map((n) => [n, n.endsWith('Arn') ? localLambdaArn(n) : n]));
          return [`statemachines/${file}`, JSON.parse(substituteDefinition(text, substitutions)) as AslDefinition];
        })
    : [];
  return [...fixtures, ...product];
}

describe('the definition the engine runs (parity with the product ASL)', () => {
  it.each(definitionsUnderTest())('%s differs from the original only in Task timeout fields', (_file, original) => {
    // Act
    const engine = engineDefinition(original);

    // Assess: every difference is a timeout field of a Task state, or the top-level TimeoutSeconds
    const tasks = taskStates(original);
    for (const path of differences(original, engine)) {
      const field = path.at(-1) as string;
      const stateName = path.at(-2) as string;
      const isTaskTimeout =
        ['TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath'].includes(field) &&
        path.at(-3) === 'States' &&
        tasks.has(stateName);
      const isTopLevelTimeout = path.length === 1 && field === 'TimeoutSeconds';
      expect({ path, allowed: isTaskTimeout || isTopLevelTimeout }).toEqual({ path, allowed: true });
    }
    for (const name of tasks.keys()) {
      const state = taskStates(engine).get(name);
      expect(state?.TimeoutSeconds).toBe(ENGINE_TASK_TIMEOUT_SECONDS);
    }
    expect(ENGINE_TASK_TIMEOUT_SECONDS * 1000).toBeLessThan(2 ** 31 - 1);
    expect(original).toEqual(JSON.parse(JSON.stringify(original))); // the original is not modified
  });

  it.each(definitionsUnderTest())('%s: the engine accepts it and every Task resource has a local integration', (_file, original) => {
    const deps = {
      invokeFunction: async () => null,
      dynamodb: { send: async () => ({}) },
      eventBridge: { send: async () => ({}) },
      naming: { region: 'eu-west-1', accountId: '000000000000', functionNamePrefix: 'tradeflow-' },
    };
    expect(() => new StateMachine(engineDefinition(original) as unknown as StateMachineDefinition)).not.toThrow();
    for (const state of taskStates(original).values()) expect(() => taskIntegration(state.Resource as string, deps)).not.toThrow();
  });
});

describe('definition helpers', () => {
  it('substitutes ${Name} like CDK definitionSubstitutions and refuses unknown names', () => {
    expect(substituteDefinition('{"FunctionName":"${EnterStageFunctionArn}"}', { EnterStageFunctionArn: localLambdaArn('enter-stage') })).toBe(
      '{"FunctionName":"arn:aws:lambda:eu-west-1:000000000000:function:tradeflow-enter-stage"}',
    );
    expect(() => substituteDefinition('${TableName} ${BusName}', { TableName: 't' })).toThrow('No definition substitution for: BusName');
  });

  it.each([
    ['arn:aws:lambda:eu-west-1:000000000000:function:tradeflow-enter-stage', 'enter-stage'],
    ['arn:aws:lambda:eu-west-1:000000000000:function:tradeflow-enter-stage:$LATEST', 'enter-stage'],
    ['tradeflow-plan-lifecycle', 'plan-lifecycle'],
    ['000000000000:function:tradeflow-escalate', 'escalate'],
  ])('reads the functionId of %s', (name, functionId) => {
    expect(functionIdFromName(name)).toBe(functionId);
  });

  it('rejects a definition whose state names repeat across branches (replay keys need unique names)', () => {
    const branch = { StartAt: 'Wait here', States: { 'Wait here': { Type: 'Pass', End: true } } };
    const definition = { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [branch, branch], End: true } } };
    expect(() => taskStates(definition)).toThrow('State name "Wait here" is used twice');
  });
});
