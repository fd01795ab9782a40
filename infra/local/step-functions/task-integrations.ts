import * as DynamoDB from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { functionIdFromName, type Json, type LocalFunctionNaming } from './definition';

/** Anything with the AWS SDK v3 client shape: the real client, or a fake in a test. */
export interface SdkClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- SDK clients are generic over every command of their service
  send(command: any): Promise<any>;
}

/** What a Task resource needs from the outside world. */
export interface TaskIntegrationDeps {
  /** Runs the product's handler registered as `functionId` with `payload`; resolves with its result. */
  invokeFunction(functionId: string, payload: unknown): Promise<unknown>;
  dynamodb: SdkClient;
  eventBridge: SdkClient;
  naming: LocalFunctionNaming;
}

/** Which execution a Task runs in (EventBridge entries carry it in `Resources`, as on AWS). */
export interface TaskCallContext {
  executionArn: string;
  stateMachineArn: string;
}

/** A Task resource resolved to a local call. */
export interface TaskIntegration {
  /** As in history events: `lambda`, `dynamodb`, `events`, `aws-sdk:dynamodb`. */
  resourceType: string;
  /** As in history events: `invoke`, `invoke.waitForTaskToken`, `putItem`… */
  resource: string;
  /** `.waitForTaskToken`: the result comes from SendTaskSuccess, not from the call. */
  waitForTaskToken: boolean;
  /** Calls the service with the Task's effective input (after Parameters); rejects with a {@link TaskError}. */
  call(input: Json, context: TaskCallContext): Promise<Json>;
}

/**
 * A Task failure as Step Functions names it: `name` is the error matched by `Retry`/`Catch`
 * (`ErrorEquals`), `message` is the cause (the engine reports `message` as `Cause`).
 */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * `States.Runtime`: the state itself is wrong (a path selects nothing, Parameters have the wrong shape). As on
 * AWS it is neither retried nor caught; the engine reads `isRetryable` / `isCatchable` for that.
 */
export class StatesRuntimeError extends TaskError {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor(cause: string) {
    super('States.Runtime', cause);
  }
}

const DYNAMODB_OPTIMIZED = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);

/**
 * Resolves a Task `Resource` ARN to the local call that stands in for the AWS service integration, by ARN
 * and never by state name, so every state of the product's ASL is covered without a table of states.
 * Throws for resources the local runtime does not provide, at state machine creation time.
 *
 * @example
 * ```ts
 * const update = taskIntegration('arn:aws:states:::dynamodb:updateItem', deps);
 * const response = await update.call({ TableName: 't', Key: { pk: { S: 'C#1' } }, UpdateExpression: '…' }, ids);
 * ```
 */
export function taskIntegration(resourceArn: string, deps: TaskIntegrationDeps): TaskIntegration {
  const waitForTaskToken = resourceArn.endsWith('.waitForTaskToken');
  const base = waitForTaskToken ? resourceArn.slice(0, -'.waitForTaskToken'.length) : resourceArn;
  const suffix = waitForTaskToken ? '.waitForTaskToken' : '';

  if (base === 'arn:aws:states:::lambda:invoke') {
    return { resourceType: 'lambda', resource: `invoke${suffix}`, waitForTaskToken, call: (input) => invokeLambdaOptimized(input, deps) };
  }
  if (/^arn:aws[\w-]*:lambda:[\w-]+:\d+:function:/.test(base) && !waitForTaskToken) {
    return { resourceType: 'lambda', resource: base, waitForTaskToken, call: (input) => invokeLambda(base, input, deps) };
  }
  const dynamodb = /^arn:aws:states:::(aws-sdk:)?dynamodb:(\w+)$/.exec(base);
  if (dynamodb?.[2] && (dynamodb[1] || DYNAMODB_OPTIMIZED.has(dynamodb[2]))) {
    const action = dynamodb[2];
    const sdk = Boolean(dynamodb[1]);
    const Command = dynamoDbCommand(action);
    return {
      resourceType: sdk ? 'aws-sdk:dynamodb' : 'dynamodb',
      resource: `${action}${suffix}`,
      waitForTaskToken,
      call: (input) => sendSdk(deps.dynamodb, new Command(input as never), sdk ? 'DynamoDb' : 'DynamoDB'),
    };
  }
  if (base === 'arn:aws:states:::events:putEvents') {
    return { resourceType: 'events', resource: `putEvents${suffix}`, waitForTaskToken, call: (input, ids) => putEvents(input, ids, deps) };
  }
  throw new Error(`Task resource not provided by the local runtime: ${resourceArn}`);
}

async function invokeLambdaOptimized(input: Json, deps: TaskIntegrationDeps): Promise<Json> {
  const params = asObject(input, 'lambda:invoke Parameters');
  if (typeof params.FunctionName !== 'string') throw new StatesRuntimeError('lambda:invoke needs a FunctionName string');
  const payload = await invokeLambda(params.FunctionName, params.Payload ?? null, deps);
  return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
}

async function invokeLambda(functionName: string, payload: Json, deps: TaskIntegrationDeps): Promise<Json> {
  const functionId = functionIdFromName(functionName, deps.naming);
  let result: unknown;
  try {
    result = await deps.invokeFunction(functionId, payload);
  } catch (error) {
    const errorType = error instanceof Error ? error.name : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    throw new TaskError(errorType, JSON.stringify({ errorType, errorMessage }));
  }
  // Lambda serialises the handler's result as JSON: undefined becomes null, Dates become strings.
  return JSON.parse(JSON.stringify(result ?? null)) as Json;
}

async function putEvents(input: Json, ids: TaskCallContext, deps: TaskIntegrationDeps): Promise<Json> {
  const params = asObject(input, 'events:putEvents Parameters');
  if (!Array.isArray(params.Entries)) throw new StatesRuntimeError('events:putEvents needs an Entries array');
  const Entries = params.Entries.map((entry) => {
    const e = asObject(entry, 'events:putEvents entry');
    const resources = Array.isArray(e.Resources) ? e.Resources : [];
    return {
      ...e,
      Detail: typeof e.Detail === 'string' || e.Detail === undefined ? e.Detail : JSON.stringify(e.Detail),
      Resources: [...resources, ids.executionArn, ids.stateMachineArn],
    };
  });
  const response = await sendSdk(deps.eventBridge, new PutEventsCommand({ ...params, Entries } as never), 'EventBridge');
  const result = asObject(response, 'PutEvents response');
  const failed = typeof result.FailedEntryCount === 'number' ? result.FailedEntryCount : 0;
  if (failed > 0) throw new TaskError('EventBridge.FailedEntry', JSON.stringify(result));
  return { Entries: result.Entries ?? [], FailedEntryCount: failed };
}

async function sendSdk(client: SdkClient, command: unknown, errorPrefix: string): Promise<Json> {
  let response: Record<string, unknown>;
  try {
    response = (await client.send(command)) as Record<string, unknown>;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    throw new TaskError(`${errorPrefix}.${name}`, error instanceof Error ? error.message : String(error));
  }
  const { $metadata: _metadata, ...body } = response ?? {};
  return toJson(body);
}

type CommandClass = new (input: never) => unknown;

function dynamoDbCommand(action: string): CommandClass {
  const name = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
  const Command = (DynamoDB as unknown as Record<string, unknown>)[name];
  if (typeof Command !== 'function') throw new Error(`No DynamoDB action "${action}" in @aws-sdk/client-dynamodb`);
  return Command as CommandClass;
}

/** SDK responses may hold Uint8Array (binary attributes); Step Functions hands them on as base64 strings. */
function toJson(value: unknown): Json {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)),
  ) as Json;
}

function asObject(value: unknown, what: string): Record<string, Json> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new StatesRuntimeError(`${what}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, Json>;
}
