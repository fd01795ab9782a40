import { randomBytes } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { JSONPath } from 'jsonpath-plus';
import type { Clock } from '../../../shared/domain/clock';
import { engineDefinition, taskStates, type AslDefinition, type AslState, type Json } from './definition';
import type { ExecutionFiles, ExecutionMeta, ExecutionStatus, ExecutionStore, JournalEntry, TaskOutcome } from './execution-store';
import { historyFromEngineEvent, type EngineEvent, type HistoryEvent, type HistoryEventDraft } from './history';
import { StatesRuntimeError, TaskError, type TaskIntegration } from './task-integrations';

/** A callback task waiting for SendTaskSuccess / SendTaskFailure / its deadline. */
export interface PendingCallback {
  readonly token: string;
  readonly key: string;
  readonly run: ExecutionRun;
  timeoutAt?: number;
  heartbeatAt?: number;
  readonly heartbeatSeconds?: number;
  /** Error name for a missed heartbeat: `States.HeartbeatTimeout` if the state names it, else `States.Timeout`. */
  readonly heartbeatErrorName: string;
  readonly integration: TaskIntegration;
  done: boolean;
  readonly deferred: Deferred<Json>;
}

/** What every run shares with the runtime that hosts it. */
export interface RunEnvironment {
  clock: Clock;
  store: ExecutionStore;
  region: string;
  roleArn: string;
  /** Placeholder the engine sees as `$$.Task.Token`; replaced by the real token before the call. */
  tokenPlaceholder: string;
  /** Live tokens of every run. */
  tokens: Map<string, PendingCallback>;
  /** Tokens that can no longer be used, and why (for TaskTimedOut vs TaskDoesNotExist). */
  spentTokens: Map<string, 'timedOut' | 'closed'>;
  integrations: Map<string, TaskIntegration>;
  /** An error the engine treats as its own `States.Timeout` (excluded from the `States.TaskFailed` wildcard). */
  timeoutError(name: string, cause: string): Error;
  /** Called once the run has ended and its files are closed. */
  onEnded(run: ExecutionRun): void;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

interface ReplayRecord {
  callback?: Extract<JournalEntry, { kind: 'callbackStarted' }>;
  submitted?: boolean;
  outcome?: TaskOutcome;
}

interface LiveDeadline {
  at: number;
  reject(error: unknown): void;
}

/** Thrown into tasks of a run the runtime closed (stop, shutdown); never recorded, and the engine is aborted with it. */
class RunClosedError extends Error {
  override readonly name = 'LocalRuntime.RunClosed';
}

const TOKEN_BYTES = 32;

/**
 * A fresh task token: 256 random bits, base64url (43 characters). Unguessable and opaque like AWS tokens, so
 * the product cannot come to depend on a local token format.
 *
 * @example
 * ```ts
 * newTaskToken(); // 'x3Jq…' (43 characters)
 * ```
 */
export function newTaskToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Whether `token` could be a token this runtime issued: AWS answers InvalidToken for a malformed token and
 * TaskDoesNotExist for a well-formed one it does not know, and so does the local runtime.
 *
 * @example
 * ```ts
 * isWellFormedToken('forged'); // false → InvalidToken
 * ```
 */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * One execution hosted on the aws-local-stepfunctions engine. Every Task state runs through a local handler
 * that records its outcome in the execution's journal before handing it to the engine; a run created over an
 * existing journal replays it: recorded outcomes are returned in order (keyed by state name + occurrence),
 * Waits and retry pauses are zero, waiting callbacks get their persisted token and deadlines back, and once
 * the record is exhausted the run is live.
 */
export class ExecutionRun {
  readonly meta: ExecutionMeta;
  readonly history: HistoryEvent[];
  private readonly env: RunEnvironment;
  private readonly definition: AslDefinition;
  private readonly tasks: Map<string, AslState>;
  private readonly files: ExecutionFiles;
  private readonly replay = new Map<string, ReplayRecord>();
  private replayOutcomesLeft = 0;
  private readonly pendingByKey = new Map<string, PendingCallback>();
  private readonly occurrences = new Map<string, number>();
  private readonly enteredInput = new Map<string, Json>();
  private readonly liveDeadlines = new Set<LiveDeadline>();
  private readonly persistedEngineEvents: number;
  private engineEventsSeen = 0;
  /** `ending`: the engine finished, its last events are still being recorded; `closed`: nothing more is recorded. */
  private phase: 'running' | 'ending' | 'closed' = 'running';
  private abortEngine: () => void = () => undefined;
  private readonly ended: Deferred<void> = deferred<void>();

  constructor(env: RunEnvironment, meta: ExecutionMeta, definition: AslDefinition, journal: JournalEntry[], history: HistoryEvent[]) {
    this.env = env;
    this.meta = meta;
    this.definition = definition;
    this.tasks = taskStates(definition);
    this.history = history;
    this.persistedEngineEvents = history.reduce((max, event) => Math.max(max, event.engineSeq ?? 0), 0);
    this.files = env.store.openFiles(meta);
    this.loadJournal(journal);
  }

  /** No new task work once the engine finished or the run was closed. */
  private get closed(): boolean {
    return this.phase !== 'running';
  }

  /** Resolves when the execution has left RUNNING in this process (ended, stopped, or runtime shut down). */
  get whenEnded(): Promise<void> {
    return this.ended.promise;
  }

  /** Starts (or, over a journal, replays then continues) the execution on the engine. */
  start(): void {
    const machine = new StateMachine(engineDefinition(this.definition) as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
    const replaying = new Proxy({}, { get: () => (this.replayOutcomesLeft > 0 ? 0 : undefined) });
    const taskResourceLocalHandlers = Object.fromEntries(
      [...this.tasks.keys()].map((name) => [name, (input: unknown) => this.runTaskState(name, input as Json)]),
    );
    const execution = machine.run(JSON.parse(this.meta.input) as never, {
      overrides: { taskResourceLocalHandlers, waitTimeOverrides: replaying, retryIntervalOverrides: replaying },
      context: {
        Execution: {
          Id: this.meta.executionArn,
          Name: this.meta.name,
          StartTime: new Date(this.meta.startDate).toISOString(),
          RoleArn: this.env.roleArn,
        },
        StateMachine: { Id: this.meta.stateMachineArn, Name: this.meta.stateMachineName },
        Task: { Token: this.env.tokenPlaceholder },
      },
    });
    this.abortEngine = execution.abort;
    const consumed = this.consumeEngineEvents(execution.eventLogs as AsyncGenerator<EngineEvent>);
    const settled = execution.result.then(
      (output) => this.finish('SUCCEEDED', { output: JSON.stringify(output ?? null) }),
      (error: unknown) => {
        const reason = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        this.finish('FAILED', {
          error: reason instanceof Error ? reason.name : 'States.Runtime',
          cause: reason instanceof Error ? reason.message : String(reason),
        });
      },
    );
    void Promise.all([consumed, settled]).finally(() => {
      this.files.close();
      this.env.onEnded(this);
      this.ended.resolve();
    });
  }

  /** Ends the execution from outside (StopExecution → ABORTED, execution timeout → TIMED_OUT). */
  terminate(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): void {
    if (this.closed) return;
    const details = { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
    this.record(
      status === 'ABORTED'
        ? { type: 'ExecutionAborted', executionAbortedEventDetails: details }
        : { type: 'ExecutionTimedOut', executionTimedOutEventDetails: details },
    );
    this.setStatus(status, { error, cause });
    this.close('closed');
  }

  /** Releases the engine without changing the persisted status: a later runtime replays the execution. */
  shutdown(): void {
    if (!this.closed) this.close(undefined);
  }

  /** Completes a waiting callback with the output given to SendTaskSuccess. Journal first, engine second. */
  succeed(pending: PendingCallback, output: Json): void {
    this.settle(pending, { status: 'succeeded', output }, {
      type: 'TaskSucceeded',
      taskSucceededEventDetails: { ...resourceOf(pending.integration), output: JSON.stringify(output), outputDetails: { truncated: false } },
    });
  }

  /** Fails a waiting callback as SendTaskFailure does: the task fails with error name `error`. */
  fail(pending: PendingCallback, error: string, cause: string): void {
    this.settle(pending, { status: 'failed', error, cause }, {
      type: 'TaskFailed',
      taskFailedEventDetails: { ...resourceOf(pending.integration), error, cause },
    });
  }

  /** Records a heartbeat: the heartbeat deadline moves to now + HeartbeatSeconds. */
  heartbeat(pending: PendingCallback): void {
    if (pending.heartbeatSeconds === undefined) return;
    const now = this.env.clock.now();
    pending.heartbeatAt = now + pending.heartbeatSeconds * 1000;
    this.files.appendJournal({ kind: 'heartbeat', key: pending.key, at: now, heartbeatAt: pending.heartbeatAt });
  }

  /** Fires every deadline due at `now` (callback timeouts, heartbeats, task timeouts, the execution timeout). */
  tick(now: number): void {
    if (this.closed) return;
    if (this.meta.deadline !== undefined && this.meta.deadline <= now) {
      this.terminate('TIMED_OUT', 'States.Timeout', 'The execution ran longer than the state machine TimeoutSeconds');
      return;
    }
    for (const pending of this.pendingByKey.values()) {
      if (pending.done) continue;
      if (pending.timeoutAt !== undefined && pending.timeoutAt <= now) {
        this.timeOut(pending, 'States.Timeout', 'The callback was not completed within the task TimeoutSeconds');
      } else if (pending.heartbeatAt !== undefined && pending.heartbeatAt <= now) {
        this.timeOut(pending, pending.heartbeatErrorName, 'No heartbeat was received within the task HeartbeatSeconds');
      }
    }
    for (const deadline of this.liveDeadlines) {
      if (deadline.at <= now) {
        this.liveDeadlines.delete(deadline);
        deadline.reject(this.env.timeoutError('States.Timeout', 'The task ran longer than its TimeoutSeconds'));
      }
    }
  }

  private loadJournal(journal: JournalEntry[]): void {
    for (const entry of journal) {
      const record = this.replay.get(entry.key) ?? {};
      this.replay.set(entry.key, record);
      if (entry.kind === 'callbackStarted') record.callback = { ...entry };
      else if (entry.kind === 'callbackSubmitted') record.submitted = true;
      else if (entry.kind === 'heartbeat' && record.callback) record.callback.heartbeatAt = entry.heartbeatAt;
      else if (entry.kind === 'outcome') record.outcome = entry.outcome;
    }
    for (const [key, record] of this.replay) {
      if (record.outcome) this.replayOutcomesLeft += 1;
      else if (record.callback) this.registerCallback(record.callback); // its token works before replay reaches it
      else this.replay.delete(key);
    }
  }

  private async runTaskState(stateName: string, input: Json): Promise<Json> {
    // Let the engine's event log (read asynchronously) record TaskStateEntered before this task's events.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.closed) throw new RunClosedError();
    const occurrence = (this.occurrences.get(stateName) ?? 0) + 1;
    this.occurrences.set(stateName, occurrence);
    const key = `${stateName}#${occurrence}`;
    const replayed = this.replay.get(key);
    if (replayed?.outcome) {
      this.replayOutcomesLeft -= 1;
      return this.fromOutcome(replayed.outcome);
    }
    const state = this.tasks.get(stateName) as AslState;
    const integration = this.env.integrations.get(state.Resource as string) as TaskIntegration;
    return integration.waitForTaskToken
      ? this.runCallbackTask(stateName, key, state, integration, input)
      : this.runCallTask(stateName, key, state, integration, input);
  }

  private async runCallTask(stateName: string, key: string, state: AslState, integration: TaskIntegration, input: Json): Promise<Json> {
    const timeoutSeconds = this.seconds(stateName, state.TimeoutSeconds, state.TimeoutSecondsPath, input);
    this.recordScheduled(integration, input, timeoutSeconds, undefined);
    let outcome: TaskOutcome;
    try {
      const call = integration.call(input, this.meta);
      const output = timeoutSeconds === undefined ? await call : await this.withDeadline(call, this.env.clock.now() + timeoutSeconds * 1000);
      outcome = { status: 'succeeded', output };
    } catch (error) {
      outcome = outcomeOf(error);
    }
    if (this.closed) throw new RunClosedError();
    this.files.appendJournal({ kind: 'outcome', key, at: this.env.clock.now(), outcome });
    this.record(outcomeEvent(integration, outcome));
    return this.fromOutcome(outcome);
  }

  private async runCallbackTask(stateName: string, key: string, state: AslState, integration: TaskIntegration, input: Json): Promise<Json> {
    let pending = this.pendingByKey.get(key);
    const submitted = this.replay.get(key)?.submitted === true;
    if (!pending) {
      const now = this.env.clock.now();
      const timeoutSeconds = this.seconds(stateName, state.TimeoutSeconds, state.TimeoutSecondsPath, input);
      const heartbeatSeconds = this.seconds(stateName, state.HeartbeatSeconds, state.HeartbeatSecondsPath, input);
      const token = newTaskToken();
      const started: Extract<JournalEntry, { kind: 'callbackStarted' }> = {
        kind: 'callbackStarted',
        key,
        at: now,
        token,
        ...(timeoutSeconds === undefined ? {} : { timeoutAt: now + timeoutSeconds * 1000 }),
        ...(heartbeatSeconds === undefined ? {} : { heartbeatAt: now + heartbeatSeconds * 1000, heartbeatSeconds }),
      };
      this.files.appendJournal(started); // the token must outlive a crash before the product stores it
      pending = this.registerCallback(started);
      this.recordScheduled(integration, replaceAll(input, this.env.tokenPlaceholder, token), timeoutSeconds, heartbeatSeconds);
    }
    if (!submitted && !pending.done) {
      const callback = pending;
      try {
        const response = await integration.call(replaceAll(input, this.env.tokenPlaceholder, callback.token), this.meta);
        if (!callback.done && !this.closed) {
          this.files.appendJournal({ kind: 'callbackSubmitted', key, at: this.env.clock.now() });
          this.record({ type: 'TaskSubmitted', taskSubmittedEventDetails: { ...resourceOf(integration), output: JSON.stringify(response) } });
        }
      } catch (error) {
        if (!callback.done && !this.closed) {
          const failed = outcomeOf(error);
          if (failed.status !== 'succeeded') this.fail(callback, failed.error, failed.cause);
        }
      }
    }
    return pending.deferred.promise;
  }

  private registerCallback(started: Extract<JournalEntry, { kind: 'callbackStarted' }>): PendingCallback {
    const stateName = started.key.slice(0, started.key.lastIndexOf('#'));
    const state = this.tasks.get(stateName) as AslState;
    const mentions = [...(state.Retry ?? []), ...(state.Catch ?? [])].some((rule) => rule.ErrorEquals.includes('States.HeartbeatTimeout'));
    const pending: PendingCallback = {
      token: started.token,
      key: started.key,
      run: this,
      timeoutAt: started.timeoutAt,
      heartbeatAt: started.heartbeatAt,
      heartbeatSeconds: started.heartbeatSeconds,
      heartbeatErrorName: mentions ? 'States.HeartbeatTimeout' : 'States.Timeout',
      integration: this.env.integrations.get(state.Resource as string) as TaskIntegration,
      done: false,
      deferred: deferred<Json>(),
    };
    this.pendingByKey.set(started.key, pending);
    this.env.tokens.set(pending.token, pending);
    return pending;
  }

  private timeOut(pending: PendingCallback, errorName: string, cause: string): void {
    this.settle(pending, { status: 'timedOut', error: errorName, cause }, {
      type: 'TaskTimedOut',
      taskTimedOutEventDetails: { ...resourceOf(pending.integration), error: errorName, cause },
    });
  }

  private settle(pending: PendingCallback, outcome: TaskOutcome, event: HistoryEventDraft): void {
    if (pending.done || this.closed) return;
    pending.done = true;
    this.env.tokens.delete(pending.token);
    this.env.spentTokens.set(pending.token, outcome.status === 'timedOut' ? 'timedOut' : 'closed');
    this.files.appendJournal({ kind: 'outcome', key: pending.key, at: this.env.clock.now(), outcome });
    this.record(event);
    if (outcome.status === 'succeeded') pending.deferred.resolve(outcome.output);
    else pending.deferred.reject(this.errorOf(outcome));
  }

  private fromOutcome(outcome: TaskOutcome): Json {
    if (outcome.status === 'succeeded') return outcome.output;
    throw this.errorOf(outcome);
  }

  private errorOf(outcome: Exclude<TaskOutcome, { status: 'succeeded' }>): Error {
    if (outcome.status === 'timedOut') return this.env.timeoutError(outcome.error, outcome.cause);
    return outcome.error === 'States.Runtime' ? new StatesRuntimeError(outcome.cause) : new TaskError(outcome.error, outcome.cause);
  }

  private withDeadline<T>(call: Promise<T>, at: number): Promise<T> {
    const timer = deferred<never>();
    const deadline: LiveDeadline = { at, reject: timer.reject };
    this.liveDeadlines.add(deadline);
    return Promise.race([call, timer.promise]).finally(() => this.liveDeadlines.delete(deadline));
  }

  /** A `*Seconds` / `*SecondsPath` value: the path is read from the state's input (then its effective input), `$$.` from the context. */
  private seconds(stateName: string, fixed: number | undefined, path: string | undefined, effectiveInput: Json): number | undefined {
    if (fixed !== undefined) return fixed;
    if (path === undefined) return undefined;
    const context = { Execution: { Id: this.meta.executionArn, Name: this.meta.name, Input: JSON.parse(this.meta.input) as Json } };
    const read = (json: unknown): unknown =>
      path.startsWith('$$') ? JSONPath({ path: path.slice(1), json: context, wrap: false }) : JSONPath({ path, json: json as object, wrap: false });
    const raw = this.enteredInput.get(stateName);
    let value = raw === undefined ? undefined : read(raw);
    if (value === undefined) value = read(effectiveInput);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new StatesRuntimeError(`${path} must select a positive integer number of seconds; found ${JSON.stringify(value)}`);
    }
    return value;
  }

  private recordScheduled(integration: TaskIntegration, input: Json, timeoutSeconds: number | undefined, heartbeatSeconds: number | undefined): void {
    this.record({
      type: 'TaskScheduled',
      taskScheduledEventDetails: {
        ...resourceOf(integration),
        region: this.env.region,
        parameters: JSON.stringify(input),
        ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
        ...(heartbeatSeconds === undefined ? {} : { heartbeatInSeconds: heartbeatSeconds }),
      },
    });
    this.record({ type: 'TaskStarted', taskStartedEventDetails: resourceOf(integration) });
  }

  private async consumeEngineEvents(events: AsyncGenerator<EngineEvent>): Promise<void> {
    for await (const event of events) {
      if (event.type === 'StateEntered' && event.state?.type === 'Task') this.enteredInput.set(event.state.name, event.state.input as Json);
      this.engineEventsSeen += 1;
      if (this.phase === 'closed' || this.engineEventsSeen <= this.persistedEngineEvents) continue; // replayed: already in history
      for (const draft of historyFromEngineEvent(event, this.env.roleArn)) this.record(draft, this.engineEventsSeen);
    }
  }

  private record(draft: HistoryEventDraft, engineSeq?: number): void {
    if (this.phase === 'closed') return;
    const previousEventId = this.history.at(-1)?.id ?? 0;
    const event = {
      ...draft,
      id: previousEventId + 1,
      previousEventId,
      timestamp: this.env.clock.now(),
      ...(engineSeq === undefined ? {} : { engineSeq }),
    } as HistoryEvent;
    this.history.push(event);
    this.files.appendHistory(event);
  }

  private finish(status: ExecutionStatus, result: { output?: string; error?: string; cause?: string }): void {
    if (this.phase !== 'running') return;
    this.phase = 'ending';
    this.setStatus(status, result);
    this.releasePending('closed'); // e.g. a callback in a branch the engine abandoned when another branch failed
  }

  private setStatus(status: ExecutionStatus, result: { output?: string; error?: string; cause?: string }): void {
    Object.assign(this.meta, { status, stopDate: this.env.clock.now() });
    for (const [field, value] of Object.entries(result)) if (value !== undefined) Object.assign(this.meta, { [field]: value });
    this.env.store.saveMeta(this.meta);
  }

  /** Stops recording and the engine run; `spent` marks the waiting tokens as unusable (the execution is over). */
  private close(spent: 'closed' | undefined): void {
    this.phase = 'closed';
    this.releasePending(spent);
    this.abortEngine();
  }

  private releasePending(spent: 'closed' | undefined): void {
    for (const pending of this.pendingByKey.values()) {
      if (pending.done) continue;
      pending.done = true;
      this.env.tokens.delete(pending.token);
      if (spent) this.env.spentTokens.set(pending.token, spent);
      pending.deferred.reject(new RunClosedError());
    }
    for (const deadline of this.liveDeadlines) deadline.reject(new RunClosedError());
    this.liveDeadlines.clear();
  }
}

function outcomeOf(error: unknown): TaskOutcome {
  if (error instanceof Error && error.name === 'States.Timeout') return { status: 'timedOut', error: error.name, cause: error.message };
  if (error instanceof Error) return { status: 'failed', error: error.name, cause: error.message };
  return { status: 'failed', error: 'Error', cause: String(error) };
}

function outcomeEvent(integration: TaskIntegration, outcome: TaskOutcome): HistoryEventDraft {
  const resource = resourceOf(integration);
  if (outcome.status === 'succeeded') {
    return { type: 'TaskSucceeded', taskSucceededEventDetails: { ...resource, output: JSON.stringify(outcome.output), outputDetails: { truncated: false } } };
  }
  if (outcome.status === 'timedOut') {
    return { type: 'TaskTimedOut', taskTimedOutEventDetails: { ...resource, error: outcome.error, cause: outcome.cause } };
  }
  return { type: 'TaskFailed', taskFailedEventDetails: { ...resource, error: outcome.error, cause: outcome.cause } };
}

function resourceOf(integration: TaskIntegration): { resourceType: string; resource: string } {
  return { resourceType: integration.resourceType, resource: integration.resource };
}

function replaceAll(value: Json, placeholder: string, token: string): Json {
  if (typeof value === 'string') return value.split(placeholder).join(token);
  if (Array.isArray(value)) return value.map((item) => replaceAll(item, placeholder, token));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceAll(v, placeholder, token)]));
  }
  return value;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a callback nobody awaits yet (replay not there) must not crash the process
  return { promise, resolve, reject };
}
