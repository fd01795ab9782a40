/**
 * One event of an execution's history, shaped as `GetExecutionHistory` returns it (`@aws-sdk/client-sfn`'s
 * `HistoryEvent`), with `timestamp` in epoch milliseconds of the runtime's clock.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  /** Local bookkeeping (stripped from API answers): sequence number of the engine event this came from. */
  engineSeq?: number;
  [details: `${string}EventDetails`]: Record<string, unknown> | undefined;
}

/** A history event before it is numbered and timestamped. */
export type HistoryEventDraft = { type: string } & { [details: `${string}EventDetails`]: Record<string, unknown> };

/** The engine's event log entry (aws-local-stepfunctions `EventLog`), as far as history needs it. */
export interface EngineEvent {
  type: string;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  index?: number;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  parentState?: { name: string; type: string; input: unknown };
}

const STATE_TYPES_WITH_EXIT = new Set(['Task', 'Parallel', 'Map', 'Pass', 'Wait', 'Choice', 'Succeed']);

/**
 * Translates one engine event into the Step Functions history events it stands for. Task-level events
 * (TaskScheduled, TaskSubmitted, TaskSucceeded…) come from the runtime's task handlers, not from here, and
 * events that AWS does not record (retries, catches, per-branch start/end) translate to nothing.
 *
 * @example
 * ```ts
 * historyFromEngineEvent({ type: 'StateEntered', state: { name: 'AwaitBill', type: 'Task', input: {} } });
 * // [{ type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'AwaitBill', input: '{}' } }]
 * ```
 */
export function historyFromEngineEvent(event: EngineEvent, roleArn: string): HistoryEventDraft[] {
  switch (event.type) {
    case 'ExecutionStarted':
      return [
        {
          type: 'ExecutionStarted',
          executionStartedEventDetails: { input: json(event.input), inputDetails: { truncated: false }, roleArn },
        },
      ];
    case 'ExecutionSucceeded':
      return [{ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: json(event.output), outputDetails: { truncated: false } } }];
    case 'ExecutionFailed':
      return [{ type: 'ExecutionFailed', executionFailedEventDetails: errorDetails(event) }];
    case 'StateEntered': {
      const state = event.state;
      if (!state) return [];
      const entered: HistoryEventDraft = {
        type: `${state.type}StateEntered`,
        stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: { truncated: false } },
      };
      if (state.type === 'Parallel') return [entered, { type: 'ParallelStateStarted' }];
      if (state.type === 'Map') {
        const length = Array.isArray(state.input) ? state.input.length : undefined;
        return [entered, { type: 'MapStateStarted', mapStateStartedEventDetails: length === undefined ? {} : { length } }];
      }
      return [entered];
    }
    case 'StateExited': {
      const state = event.state;
      if (!state || !STATE_TYPES_WITH_EXIT.has(state.type)) return [];
      const exited: HistoryEventDraft = {
        type: `${state.type}StateExited`,
        stateExitedEventDetails: { name: state.name, output: json(state.output), outputDetails: { truncated: false } },
      };
      if (state.type === 'Parallel' || state.type === 'Map') return [{ type: `${state.type}StateSucceeded` }, exited];
      return [exited];
    }
    case 'StateFailed': {
      const type = event.state?.type;
      return type === 'Parallel' || type === 'Map' ? [{ type: `${type}StateFailed` }] : [];
    }
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const details = { name: event.parentState?.name, index: event.index };
      if (event.type === 'MapIterationStarted') return [{ type: event.type, mapIterationStartedEventDetails: details }];
      if (event.type === 'MapIterationSucceeded') return [{ type: event.type, mapIterationSucceededEventDetails: details }];
      return [{ type: event.type, mapIterationFailedEventDetails: details }];
    }
    default:
      // StateRetried, StateCaught, ParallelBranch*: no counterpart in an AWS history.
      // ExecutionAborted / ExecutionTimeout: recorded by the runtime, which decides them.
      return [];
  }
}

function errorDetails(event: EngineEvent): Record<string, unknown> {
  const cause = event.Cause instanceof Error ? event.Cause.message : event.Cause;
  return { error: event.Error, cause: typeof cause === 'string' ? cause : json(cause) };
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
