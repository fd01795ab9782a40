import { randomUUID } from 'node:crypto';
import type {
  DescribeExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  GetExecutionHistoryOutput,
  HistoryEvent as SdkHistoryEvent,
  ListExecutionsOutput,
  ListStateMachinesOutput,
  StartExecutionOutput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Clock } from '../../../shared/domain/clock';
import { cloneJson, DEFAULT_FUNCTION_NAMING, engineDefinition, taskStates, type AslDefinition, type Json } from './definition';
import { SfnApiError } from './errors';
import { ExecutionRun, isWellFormedToken, type PendingCallback, type RunEnvironment } from './execution-run';
import { ExecutionStore, type ExecutionMeta, type ExecutionStatus, type StateMachineRecord } from './execution-store';
import type { HistoryEvent } from './history';
import { taskIntegration, type SdkClient, type TaskIntegration } from './task-integrations';

/** Everything the local Step Functions needs from outside; clients may be real (local endpoints) or fakes. */
export interface LocalStepFunctionsOptions {
  /** Directory for definitions, execution journals and histories (e.g. `.local`). */
  dataDir: string;
  /** Time for start/stop dates, history timestamps and every deadline (use {@link LocalClock}). */
  clock: Clock;
  /** Runs the product's Lambda handler `functionId` (the part of the function name after the prefix). */
  invokeFunction(functionId: string, payload: unknown): Promise<unknown>;
  /** Target of `arn:aws:states:::dynamodb:*` and `arn:aws:states:::aws-sdk:dynamodb:*` tasks. */
  dynamodb: SdkClient;
  /** Target of `arn:aws:states:::events:putEvents` tasks. */
  eventBridge: SdkClient;
  region?: string;
  accountId?: string;
  /** Prefix of local function names, stripped to get the functionId. Default `tradeflow-`. */
  functionNamePrefix?: string;
  /** How often due deadlines are checked, in real milliseconds. Default 200. */
  tickMs?: number;
}

/** Input of {@link LocalStepFunctions.startExecution}, as in the SDK. */
export interface StartExecutionRequest {
  stateMachineArn: string;
  name?: string;
  input?: string;
}

/** AWS execution names: 1–80 characters, no whitespace, brackets, wildcards, listed punctuation or control characters. */
function isValidExecutionName(name: string): boolean {
  const control = [...name].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || ((c.codePointAt(0) ?? 0) >= 0x7f && (c.codePointAt(0) ?? 0) <= 0x9f));
  return name.length >= 1 && name.length <= 80 && !control && !/[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name);
}

/**
 * Step Functions on one machine: the product's ASL runs unchanged on the aws-local-stepfunctions engine, with
 * the service integrations the ASL uses (Lambda invoke, `.waitForTaskToken` callbacks, DynamoDB, EventBridge)
 * mapped by resource ARN to injected clients, AWS-like task tokens, timeouts on a persisted schedule read
 * against the injected clock (so deadlines of months can be walked in seconds), and executions that survive a
 * restart by replaying their journal. The API mirrors the SFN API (names, inputs, outputs, error names) so
 * {@link startSfnHttpEndpoint} can serve it to `@aws-sdk/client-sfn` unchanged.
 *
 * @example
 * ```ts
 * const sfn = new LocalStepFunctions({ dataDir: '.local', clock, invokeFunction, dynamodb, eventBridge });
 * await sfn.start(); // replays executions left RUNNING by the previous process
 * const { stateMachineArn } = sfn.createStateMachine('contract', definitionText);
 * const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'C-2026-0001', input: '{}' });
 * await sfn.sendTaskSuccess({ taskToken, output: JSON.stringify({ accepted: true }) });
 * await sfn.stop();
 * ```
 */
export class LocalStepFunctions {
  private readonly options: LocalStepFunctionsOptions;
  private readonly region: string;
  private readonly accountId: string;
  private readonly store: ExecutionStore;
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly definitions = new Map<string, AslDefinition>();
  private readonly integrations = new Map<string, TaskIntegration>();
  private readonly executions = new Map<string, ExecutionMeta>();
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly finishedHistories = new Map<string, HistoryEvent[]>();
  private readonly tokens = new Map<string, PendingCallback>();
  private readonly spentTokens = new Map<string, 'timedOut' | 'closed'>();
  private readonly tokenPlaceholder = `local-sfn-task-token-placeholder-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private environment: RunEnvironment | undefined;

  constructor(options: LocalStepFunctionsOptions) {
    this.options = options;
    this.region = options.region ?? DEFAULT_FUNCTION_NAMING.region;
    this.accountId = options.accountId ?? DEFAULT_FUNCTION_NAMING.accountId;
    this.store = new ExecutionStore(options.dataDir);
    for (const machine of this.store.loadStateMachines()) this.machines.set(machine.stateMachineArn, machine);
    for (const meta of this.store.loadAllMetas()) this.executions.set(meta.executionArn, meta);
  }

  /**
   * Starts the deadline tick and replays every execution the previous process left RUNNING: recorded task
   * outcomes are handed back without calling anything, and waiting callbacks get their old tokens and
   * deadlines back (they work as soon as this resolves).
   */
  async start(): Promise<void> {
    if (this.environment) return;
    this.environment = {
      clock: this.options.clock,
      store: this.store,
      region: this.region,
      roleArn: `arn:aws:iam::${this.accountId}:role/local-step-functions`,
      tokenPlaceholder: this.tokenPlaceholder,
      tokens: this.tokens,
      spentTokens: this.spentTokens,
      integrations: this.integrations,
      timeoutError: await timeoutErrorFactory(),
      onEnded: (run) => this.runs.delete(run.meta.executionArn),
    };
    for (const meta of this.executions.values()) {
      if (meta.status !== 'RUNNING') continue;
      const definition = this.definition(meta.definitionHash);
      this.registerIntegrations(definition);
      this.launch(meta, definition);
    }
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 200);
    this.timer.unref();
  }

  /**
   * Stops the tick and releases every running execution without changing what is on disk, so the next
   * {@link start} over the same dataDir carries on where this one stopped.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const running = [...this.runs.values()];
    for (const run of running) run.shutdown();
    await Promise.all(running.map((run) => run.whenEnded));
    this.environment = undefined;
  }

  /**
   * Registers (or updates, for local development) a state machine. The definition is validated by the
   * engine and every Task resource must be one the local runtime provides; running executions keep the
   * definition they started with.
   */
  createStateMachine(name: string, definition: string | AslDefinition): { stateMachineArn: string; creationDate: Date } {
    if (!/^[\w-]{1,80}$/.test(name)) throw new SfnApiError('InvalidName', `Invalid state machine name: ${name}`);
    let parsed: AslDefinition;
    try {
      parsed = typeof definition === 'string' ? (JSON.parse(definition) as AslDefinition) : cloneJson(definition);
      this.registerIntegrations(parsed);
      new StateMachine(engineDefinition(parsed) as unknown as StateMachineDefinition);
    } catch (error) {
      throw new SfnApiError('InvalidDefinition', `Invalid State Machine Definition: ${(error as Error).message}`);
    }
    const stateMachineArn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
    const definitionHash = this.store.saveDefinition(parsed);
    this.definitions.set(definitionHash, parsed);
    const creationDate = this.machines.get(stateMachineArn)?.creationDate ?? this.options.clock.now();
    this.machines.set(stateMachineArn, { name, stateMachineArn, definitionHash, creationDate });
    this.store.saveStateMachines([...this.machines.values()]);
    return { stateMachineArn, creationDate: new Date(creationDate) };
  }

  /** As SFN DescribeStateMachine. */
  describeStateMachine(request: { stateMachineArn: string }): DescribeStateMachineOutput {
    const machine = this.machine(request.stateMachineArn);
    return {
      stateMachineArn: machine.stateMachineArn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(this.definition(machine.definitionHash)),
      roleArn: this.environment?.roleArn ?? `arn:aws:iam::${this.accountId}:role/local-step-functions`,
      type: 'STANDARD',
      creationDate: new Date(machine.creationDate),
    };
  }

  /** As SFN ListStateMachines (all at once). */
  listStateMachines(): ListStateMachinesOutput {
    return {
      stateMachines: [...this.machines.values()].map((m) => ({
        stateMachineArn: m.stateMachineArn,
        name: m.name,
        type: 'STANDARD',
        creationDate: new Date(m.creationDate),
      })),
    };
  }

  /**
   * As SFN StartExecution: names are unique per state machine; repeating a name with the same input while the
   * execution runs returns it again, anything else is ExecutionAlreadyExists.
   */
  async startExecution(request: StartExecutionRequest): Promise<StartExecutionOutput> {
    const environment = this.requireStarted();
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!isValidExecutionName(name)) throw new SfnApiError('InvalidName', `Invalid execution name: ${name}`);
    const input = request.input ?? '{}';
    let parsedInput: Json;
    try {
      parsedInput = JSON.parse(input) as Json;
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid execution input: not JSON');
    }
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && JSON.stringify(JSON.parse(existing.input)) === JSON.stringify(parsedInput)) {
        return { executionArn, startDate: new Date(existing.startDate) };
      }
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const definition = this.definition(machine.definitionHash);
    const startDate = environment.clock.now();
    const meta: ExecutionMeta = {
      executionArn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      input,
      status: 'RUNNING',
      startDate,
      definitionHash: machine.definitionHash,
      ...(definition.TimeoutSeconds === undefined ? {} : { deadline: startDate + definition.TimeoutSeconds * 1000 }),
    };
    this.store.saveMeta(meta);
    this.executions.set(executionArn, meta);
    this.launch(meta, definition);
    return { executionArn, startDate: new Date(startDate) };
  }

  /** As SFN DescribeExecution. */
  describeExecution(request: { executionArn: string }): DescribeExecutionOutput {
    const meta = this.execution(request.executionArn);
    return {
      executionArn: meta.executionArn,
      stateMachineArn: meta.stateMachineArn,
      name: meta.name,
      status: meta.status,
      startDate: new Date(meta.startDate),
      ...(meta.stopDate === undefined ? {} : { stopDate: new Date(meta.stopDate) }),
      input: meta.input,
      inputDetails: { included: true },
      ...(meta.output === undefined ? {} : { output: meta.output, outputDetails: { included: true } }),
      ...(meta.error === undefined ? {} : { error: meta.error }),
      ...(meta.cause === undefined ? {} : { cause: meta.cause }),
    };
  }

  /** As SFN StopExecution: the execution ends ABORTED and its waiting tokens stop working. */
  async stopExecution(request: { executionArn: string; error?: string; cause?: string }): Promise<StopExecutionOutput> {
    const meta = this.execution(request.executionArn);
    const run = this.runs.get(meta.executionArn);
    if (meta.status === 'RUNNING' && run) {
      run.terminate('ABORTED', request.error, request.cause);
      await run.whenEnded;
    }
    return { stopDate: new Date(meta.stopDate ?? this.options.clock.now()) };
  }

  /** As SFN SendTaskSuccess: the waiting task succeeds with `output` (JSON text), recorded before this returns. */
  async sendTaskSuccess(request: { taskToken: string; output: string }): Promise<Record<string, never>> {
    const pending = this.pending(request.taskToken);
    let output: Json;
    try {
      output = JSON.parse(request.output) as Json;
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid output: not JSON');
    }
    pending.run.succeed(pending, output);
    return {};
  }

  /** As SFN SendTaskFailure: the waiting task fails with error name `error` (matched by Retry/Catch). */
  async sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }): Promise<Record<string, never>> {
    const pending = this.pending(request.taskToken);
    pending.run.fail(pending, request.error ?? '', request.cause ?? '');
    return {};
  }

  /** As SFN SendTaskHeartbeat: restarts the HeartbeatSeconds countdown of the waiting task. */
  async sendTaskHeartbeat(request: { taskToken: string }): Promise<Record<string, never>> {
    const pending = this.pending(request.taskToken);
    pending.run.heartbeat(pending);
    return {};
  }

  /** As SFN GetExecutionHistory (pages of `maxResults`, default 100; `nextToken` is an offset). */
  getExecutionHistory(request: {
    executionArn: string;
    maxResults?: number;
    reverseOrder?: boolean;
    nextToken?: string;
    includeExecutionData?: boolean;
  }): GetExecutionHistoryOutput {
    const meta = this.execution(request.executionArn);
    const events = this.historyOf(meta).map((event) => toSdkEvent(event, request.includeExecutionData ?? true));
    if (request.reverseOrder) events.reverse();
    return page(events, request, (items, nextToken) => ({ events: items, ...(nextToken ? { nextToken } : {}) }));
  }

  /** As SFN ListExecutions, newest first. */
  listExecutions(request: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string }): ListExecutionsOutput {
    this.machine(request.stateMachineArn);
    const items: ExecutionListItem[] = [...this.executions.values()]
      .filter((m) => m.stateMachineArn === request.stateMachineArn && (!request.statusFilter || m.status === request.statusFilter))
      .sort((a, b) => b.startDate - a.startDate)
      .map((m) => ({
        executionArn: m.executionArn,
        stateMachineArn: m.stateMachineArn,
        name: m.name,
        status: m.status,
        startDate: new Date(m.startDate),
        ...(m.stopDate === undefined ? {} : { stopDate: new Date(m.stopDate) }),
      }));
    return page(items, request, (executions, nextToken) => ({ executions, ...(nextToken ? { nextToken } : {}) }));
  }

  /**
   * Resolves with the execution's description once it has left RUNNING (or when this runtime stops). For
   * tests and the demo; the product polls DescribeExecution or listens to events instead.
   */
  async whenSettled(executionArn: string): Promise<DescribeExecutionOutput> {
    const run = this.runs.get(this.execution(executionArn).executionArn);
    if (run) await run.whenEnded;
    return this.describeExecution({ executionArn });
  }

  private launch(meta: ExecutionMeta, definition: AslDefinition): void {
    const environment = this.requireStarted();
    const run = new ExecutionRun(environment, meta, definition, this.store.readJournal(meta), this.store.readHistory(meta));
    this.runs.set(meta.executionArn, run);
    this.finishedHistories.delete(meta.executionArn);
    run.start();
  }

  private tick(): void {
    const now = this.options.clock.now();
    for (const run of this.runs.values()) run.tick(now);
  }

  private registerIntegrations(definition: AslDefinition): void {
    const deps = {
      invokeFunction: this.options.invokeFunction,
      dynamodb: this.options.dynamodb,
      eventBridge: this.options.eventBridge,
      naming: {
        region: this.region,
        accountId: this.accountId,
        functionNamePrefix: this.options.functionNamePrefix ?? DEFAULT_FUNCTION_NAMING.functionNamePrefix,
      },
    };
    for (const state of taskStates(definition).values()) {
      const resource = state.Resource as string;
      if (!this.integrations.has(resource)) this.integrations.set(resource, taskIntegration(resource, deps));
    }
  }

  private historyOf(meta: ExecutionMeta): HistoryEvent[] {
    const run = this.runs.get(meta.executionArn);
    if (run) return run.history;
    let history = this.finishedHistories.get(meta.executionArn);
    if (!history) {
      history = this.store.readHistory(meta);
      this.finishedHistories.set(meta.executionArn, history);
    }
    return history;
  }

  private pending(taskToken: string): PendingCallback {
    if (!isWellFormedToken(taskToken)) throw new SfnApiError('InvalidToken', 'Invalid Token: not a task token issued by this service');
    const pending = this.tokens.get(taskToken);
    if (pending) return pending;
    if (this.spentTokens.get(taskToken) === 'timedOut') throw new SfnApiError('TaskTimedOut', 'Task Timed Out');
    throw new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  private machine(stateMachineArn: string): StateMachineRecord {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  }

  private execution(executionArn: string): ExecutionMeta {
    const meta = this.executions.get(executionArn);
    if (!meta) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return meta;
  }

  private definition(hash: string): AslDefinition {
    let definition = this.definitions.get(hash);
    if (!definition) {
      definition = this.store.loadDefinition(hash);
      this.definitions.set(hash, definition);
    }
    return definition;
  }

  private requireStarted(): RunEnvironment {
    if (!this.environment) throw new Error('LocalStepFunctions: call start() first');
    return this.environment;
  }
}

function toSdkEvent(event: HistoryEvent, includeData: boolean): SdkHistoryEvent {
  const { engineSeq: _engineSeq, timestamp, ...rest } = event;
  const sdkEvent = { ...rest, timestamp: new Date(timestamp) } as Record<string, unknown>;
  if (!includeData) {
    for (const [key, details] of Object.entries(sdkEvent)) {
      if (!key.endsWith('EventDetails') || !details || typeof details !== 'object') continue;
      const { input: _input, output: _output, parameters: _parameters, ...kept } = details as Record<string, unknown>;
      sdkEvent[key] = kept;
    }
  }
  return sdkEvent as unknown as SdkHistoryEvent;
}

function page<T, R>(items: T[], request: { maxResults?: number; nextToken?: string }, build: (items: T[], nextToken?: string) => R): R {
  const offset = request.nextToken ? Number.parseInt(request.nextToken, 10) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError('ValidationException', 'Invalid nextToken');
  const size = request.maxResults && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
  const slice = items.slice(offset, offset + size);
  return build(slice, offset + size < items.length ? String(offset + size) : undefined);
}

let timeoutErrorClass: Promise<new () => Error> | undefined;

/**
 * Errors named States.Timeout must be instances of the engine's own StatesTimeoutError: the engine excludes
 * exactly those from the `States.TaskFailed` wildcard (as AWS does). The class is not exported, so it is
 * taken from a 1 ms probe run.
 */
async function timeoutErrorFactory(): Promise<(name: string, cause: string) => Error> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } },
      { validationOptions: { noValidate: true } },
    );
    try {
      await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } }).result;
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as new () => Error;
    }
    throw new Error('aws-local-stepfunctions no longer times out a Task as expected; check the engine version');
  })();
  const TimeoutError = await timeoutErrorClass;
  return (name, cause) => {
    const error = new TimeoutError();
    error.name = name;
    error.message = cause;
    return error;
  };
}
