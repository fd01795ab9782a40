/**
 * Builds the contract-lifecycle ASL from the lifecycle matrix. The output is committed as
 * `statemachines/contract-lifecycle.asl.json` (the single source that CDK deploys and the local runtime
 * executes); a test regenerates it and fails when the committed file is stale.
 *
 * Shape: plan → DRAFT ⇄ PENDING_APPROVAL → AWAITING_SIGNATURE → SIGNED → Parallel[payment, logistics]
 * → SIGNED (close gate) → CLOSED. Every waiting stage is one `.waitForTaskToken` state (the enter-stage
 * function stores the token and resumes at once if the evidence is already on record), a Catch on
 * States.Timeout to an escalation task that loops back, and a Choice that routes on the transition the
 * evidence satisfied. JSONPath only: no JSONata, no Assign.
 */
import type { Stage } from '../../shared/domain/lifecycle';
import { STAGES, TRANSITIONS, WORKFLOW_ERRORS, waitingStages } from '../../shared/domain/lifecycle';
import type { FunctionId } from '../functions-catalog';
import { DOMAIN_BUS_PLACEHOLDER, functionArnPlaceholder } from './asl-placeholders';

type State = Record<string, unknown>;


export const CANCELLED_ERROR = WORKFLOW_ERRORS.cancelled;
export const UNEXPECTED_TRANSITION_ERROR = WORKFLOW_ERRORS.unexpectedTransition;

/**
 * Retries of every Lambda task: Lambda's own transient errors with a long backoff; any other handler
 * failure (a throttled or briefly unavailable DynamoDB, a lost answer) a few times, since every handler is
 * idempotent. Cancellation and an impossible transition are decisions, not faults: never retried.
 */
const LAMBDA_RETRY = [
  { ErrorEquals: [WORKFLOW_ERRORS.cancelled, WORKFLOW_ERRORS.invalidTaskInput], MaxAttempts: 0 },
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 3, JitterStrategy: 'FULL' },
];

/** The placeholder for a catalog function's ARN, filled by CDK and by the local runtime. */
const fn = (id: FunctionId) => `\${${functionArnPlaceholder(id)}}`;

export const stateNames = {
  wait: (s: Stage) => `Stage ${s}`,
  route: (s: Stage) => `Route from ${s}`,
  escalate: (s: Stage) => `Escalate ${s}`,
  enter: (s: Stage) => `Enter ${s}`,
};

const LIFECYCLE_SELECTOR = { 'plan.$': '$.Payload.plan', 'timeouts.$': '$.Payload.timeouts' };

function waitState(stage: Stage, catchCancelled: boolean): State {
  return {
    Type: 'Task',
    Comment: `Waits for ${STAGES[stage].waitingFor}; the token is stored with the contract and resumed by evidence.`,
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: fn('enter-stage'),
      Payload: { 'contractId.$': '$.contractId', stage, 'executionId.$': '$$.Execution.Id', 'taskToken.$': '$$.Task.Token' },
    },
    TimeoutSecondsPath: `$.lifecycle.timeouts.${stage}`,
    ResultPath: '$.lifecycle',
    Retry: LAMBDA_RETRY,
    Catch: [
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: stateNames.escalate(stage) },
      ...(catchCancelled ? [{ ErrorEquals: [CANCELLED_ERROR], ResultPath: '$.cancellation', Next: 'Publish ContractCancelled' }] : []),
    ],
    Next: stateNames.route(stage),
  };
}

function escalateState(stage: Stage): State {
  return {
    Type: 'Task',
    Comment: `No evidence in time for ${stage}: raise the escalation level, notify, and wait again.`,
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: fn('escalate'),
      Payload: { 'contractId.$': '$.contractId', stage, 'executionId.$': '$$.Execution.Id' },
    },
    ResultSelector: LIFECYCLE_SELECTOR,
    ResultPath: '$.lifecycle',
    Retry: LAMBDA_RETRY,
    Next: stateNames.wait(stage),
  };
}

function enterState(stage: Stage, next: string | null): State {
  return {
    Type: 'Task',
    Comment: `Records ${stage} on the contract and its timeline.`,
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: fn('enter-stage'), Payload: { 'contractId.$': '$.contractId', stage, 'executionId.$': '$$.Execution.Id' } },
    ResultPath: null,
    Retry: LAMBDA_RETRY,
    ...(next ? { Next: next } : { End: true }),
  };
}

/** Where the workflow goes when a transition into `to` was satisfied. */
function targetOf(to: Stage): string {
  if (to === 'SIGNED' || to === 'CLOSED' || 'terminal' in STAGES[to]) return stateNames.enter(to);
  return stateNames.wait(to);
}

function routeState(stage: Stage, failState: string): State {
  const outgoing = TRANSITIONS.filter((t) => t.from === stage);
  const targets = [...new Set(outgoing.map((t) => t.to))];
  return {
    Type: 'Choice',
    Choices: targets.map((to) => ({ Variable: '$.lifecycle.to', StringEquals: to, Next: targetOf(to) })),
    Default: failState,
  };
}

/** States for a run of waiting stages on one track, plus the terminal entry. */
function trackStates(stages: Stage[], failState: string, catchCancelled: boolean): Record<string, State> {
  const states: Record<string, State> = {};
  for (const stage of stages) {
    states[stateNames.wait(stage)] = waitState(stage, catchCancelled);
    states[stateNames.route(stage)] = routeState(stage, failState);
    states[stateNames.escalate(stage)] = escalateState(stage);
  }
  return states;
}

const byTrack = (track: 'main' | 'payment' | 'logistics') => waitingStages.filter((s) => STAGES[s].track === track);

function failState(track: string): State {
  return { Type: 'Fail', Error: UNEXPECTED_TRANSITION_ERROR, Cause: `The ${track} track received a transition the workflow does not know.` };
}

/** The whole definition, as a plain JSON object. */
export function buildLifecycleAsl(): Record<string, unknown> {
  const preSignature = byTrack('main').filter((s) => s !== 'SIGNED');
  const payment = byTrack('payment');
  const logistics = byTrack('logistics');
  const paymentFail = 'Unexpected payment transition';
  const logisticsFail = 'Unexpected logistics transition';
  const mainFail = 'Unexpected transition';

  const paymentBranch = {
    StartAt: 'Payment security required?',
    States: {
      'Payment security required?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.lifecycle.plan.requiresSecurity', BooleanEquals: true, Next: stateNames.wait('AWAITING_PAYMENT_SECURITY') }],
        Default: stateNames.wait('PAYMENT_OUTSTANDING'),
      },
      ...trackStates(payment, paymentFail, false),
      [stateNames.enter('PAID')]: enterState('PAID', null),
      [paymentFail]: failState('payment'),
    },
  };
  const logisticsBranch = {
    StartAt: stateNames.wait('PRODUCTION'),
    States: {
      ...trackStates(logistics, logisticsFail, false),
      [stateNames.enter('DELIVERED')]: enterState('DELIVERED', null),
      [logisticsFail]: failState('logistics'),
    },
  };

  return {
    Comment: 'Tradeflow contract lifecycle. GENERATED from shared/domain/lifecycle.ts by `npm run generate`; do not edit by hand.',
    StartAt: 'Plan lifecycle',
    States: {
      'Plan lifecycle': {
        Type: 'Task',
        Comment: 'Derives which stages apply (Incoterm, payment terms, approval policy) and the wait budgets.',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fn('plan-lifecycle'), Payload: { 'contractId.$': '$.contractId', 'executionId.$': '$$.Execution.Id' } },
        ResultSelector: LIFECYCLE_SELECTOR,
        ResultPath: '$.lifecycle',
        Retry: LAMBDA_RETRY,
        Next: stateNames.wait('DRAFT'),
      },
      ...trackStates(preSignature, mainFail, true),
      [stateNames.enter('SIGNED')]: enterState('SIGNED', 'Payment and logistics'),
      'Payment and logistics': {
        Type: 'Parallel',
        Comment: 'Money and goods move independently; guards on shared evidence synchronise them.',
        Branches: [paymentBranch, logisticsBranch],
        ResultPath: null,
        Catch: [{ ErrorEquals: [CANCELLED_ERROR], ResultPath: '$.cancellation', Next: 'Publish ContractCancelled' }],
        Next: stateNames.wait('SIGNED'),
      },
      ...trackStates(['SIGNED'], mainFail, true),
      [stateNames.enter('CLOSED')]: enterState('CLOSED', 'Publish ContractClosed'),
      'Publish ContractClosed': publishState('ContractClosed', 'Closed'),
      Closed: { Type: 'Succeed' },
      'Publish ContractCancelled': publishState('ContractCancelled', 'Cancelled'),
      Cancelled: { Type: 'Succeed' },
      [mainFail]: failState('main'),
    },
  };
}

function publishState(detailType: string, next: string): State {
  return {
    Type: 'Task',
    Comment: `Publishes ${detailType} to the domain bus directly (no Lambda).`,
    Resource: 'arn:aws:states:::events:putEvents',
    Parameters: {
      Entries: [
        {
          EventBusName: `\${${DOMAIN_BUS_PLACEHOLDER}}`,
          Source: 'tradeflow.contracts',
          DetailType: detailType,
          Detail: { schemaVersion: '1', 'contractId.$': '$.contractId', 'executionId.$': '$$.Execution.Id' },
        },
      ],
    },
    ResultPath: null,
    Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2 }],
    Next: next,
  };
}

/** Serialised exactly as committed. */
export function renderLifecycleAsl(): string {
  return JSON.stringify(buildLifecycleAsl(), null, 2) + '\n';
}
