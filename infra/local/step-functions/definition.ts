/** A JSON value, as states exchange them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The parts of an ASL state the local runtime reads; everything else passes through untouched. */
export interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
  Branches?: AslDefinition[];
  ItemProcessor?: AslDefinition;
  Iterator?: AslDefinition;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[] }[];
  [field: string]: unknown;
}

/** A state machine (or a Parallel branch, or a Map item processor). */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  [field: string]: unknown;
}

/**
 * Task timeout handed to the engine in place of the definition's own: 2,000,000 s (23.1 days) stays below
 * Node's 2^31-1 ms timer limit (24.8 days), past which `setTimeout` fires after 1 ms. Real timeouts are
 * enforced by the local runtime's persisted schedule, against the injected clock.
 */
export const ENGINE_TASK_TIMEOUT_SECONDS = 2_000_000;

const TASK_TIMEOUT_FIELDS = ['TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath'] as const;

/**
 * Replaces CloudFormation-style `${Name}` placeholders the way CDK's `definitionSubstitutions` does, so the
 * local runtime loads the very same `statemachines/<name>.asl.json` as the cloud. A placeholder without a
 * value is an error: a silently unresolved ARN would only fail deep inside an execution.
 *
 * @example
 * ```ts
 * const text = substituteDefinition(readFileSync('statemachines/contract.asl.json', 'utf8'), {
 *   EnterStageFunctionArn: localLambdaArn('enter-stage'),
 *   TableName: 'tradeflow',
 * });
 * ```
 */
export function substituteDefinition(text: string, substitutions: Record<string, string>): string {
  const missing = new Set<string>();
  const result = text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (placeholder, name: string) => {
    const value = substitutions[name];
    if (value === undefined) {
      missing.add(name);
      return placeholder;
    }
    return value;
  });
  if (missing.size > 0) throw new Error(`No definition substitution for: ${[...missing].join(', ')}`);
  return result;
}

/** Naming of the local Lambda functions: `arn:aws:lambda:<region>:<account>:function:<prefix><functionId>`. */
export interface LocalFunctionNaming {
  region: string;
  accountId: string;
  functionNamePrefix: string;
}

/** The naming used unless the runtime is configured otherwise. */
export const DEFAULT_FUNCTION_NAMING: LocalFunctionNaming = {
  region: 'eu-west-1',
  accountId: '000000000000',
  functionNamePrefix: 'tradeflow-',
};

/**
 * The ARN a local definition substitution gives a function, so that `FunctionName` in the ASL resolves
 * back to the same `functionId` through {@link functionIdFromName}.
 *
 * @example
 * ```ts
 * localLambdaArn('enter-stage'); // 'arn:aws:lambda:eu-west-1:000000000000:function:tradeflow-enter-stage'
 * ```
 */
export function localLambdaArn(functionId: string, naming: LocalFunctionNaming = DEFAULT_FUNCTION_NAMING): string {
  return `arn:aws:lambda:${naming.region}:${naming.accountId}:function:${naming.functionNamePrefix}${functionId}`;
}

/**
 * The `functionId` behind a Lambda `FunctionName` as Lambda accepts it (name, partial or full ARN, with or
 * without a qualifier).
 *
 * @example
 * ```ts
 * functionIdFromName('arn:aws:lambda:eu-west-1:000000000000:function:tradeflow-enter-stage:$LATEST'); // 'enter-stage'
 * ```
 */
export function functionIdFromName(functionName: string, naming: LocalFunctionNaming = DEFAULT_FUNCTION_NAMING): string {
  const match = /^(?:arn:aws[\w-]*:lambda:[\w-]*:\d*:function:|\d+:function:)?([\w-]+)(?::[\w$-]+)?$/.exec(functionName);
  if (!match?.[1]) throw new Error(`Not a Lambda function name or ARN: ${functionName}`);
  const name = match[1];
  return name.startsWith(naming.functionNamePrefix) ? name.slice(naming.functionNamePrefix.length) : name;
}

/**
 * Every Task state of a definition, keyed by state name, including those inside Parallel branches and Map
 * item processors. Names must be unique across the whole definition: the runtime keys task handlers and the
 * replay journal by state name, as the engine does.
 *
 * @example
 * ```ts
 * for (const [name, state] of taskStates(definition)) console.log(name, state.Resource);
 * ```
 */
export function taskStates(definition: AslDefinition): Map<string, AslState> {
  const tasks = new Map<string, AslState>();
  const seen = new Set<string>();
  const walk = (machine: AslDefinition): void => {
    for (const [name, state] of Object.entries(machine.States)) {
      if (seen.has(name)) throw new Error(`State name "${name}" is used twice; the local runtime needs unique state names`);
      seen.add(name);
      if (state.Type === 'Task') tasks.set(name, state);
      for (const nested of nestedMachines(state)) walk(nested);
    }
  };
  walk(definition);
  return tasks;
}

/**
 * The definition the engine runs: identical to `definition` except that every Task's `TimeoutSeconds`,
 * `TimeoutSecondsPath`, `HeartbeatSeconds` and `HeartbeatSecondsPath` are replaced by one
 * `TimeoutSeconds` of {@link ENGINE_TASK_TIMEOUT_SECONDS}, and the top-level `TimeoutSeconds` is removed.
 * The engine would otherwise apply a 60 s default, or overflow Node's timer on timeouts over 24.8 days;
 * the runtime applies the original values itself. Pure: `definition` is not modified.
 *
 * @example
 * ```ts
 * new StateMachine(engineDefinition(definition) as StateMachineDefinition);
 * ```
 */
export function engineDefinition(definition: AslDefinition): AslDefinition {
  const copy = cloneJson(definition);
  delete copy.TimeoutSeconds;
  const rewrite = (machine: AslDefinition): void => {
    for (const state of Object.values(machine.States)) {
      if (state.Type === 'Task') {
        for (const field of TASK_TIMEOUT_FIELDS) delete state[field];
        state.TimeoutSeconds = ENGINE_TASK_TIMEOUT_SECONDS;
      }
      for (const nested of nestedMachines(state)) rewrite(nested);
    }
  };
  rewrite(copy);
  return copy;
}

function nestedMachines(state: AslState): AslDefinition[] {
  const nested = [...(state.Branches ?? [])];
  if (state.ItemProcessor) nested.push(state.ItemProcessor);
  if (state.Iterator) nested.push(state.Iterator);
  return nested;
}

/**
 * Deep copy of JSON data. Not `structuredClone`: under jest it returns objects of the host realm, which the
 * engine's plain-object check (`getPrototypeOf(x) === Object.prototype`) rejects, silently skipping Parameters.
 *
 * @example
 * ```ts
 * const copy = cloneJson(definition);
 * ```
 */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
