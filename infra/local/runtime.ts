/**
 * The whole system on one machine: DynamoDB Local, SES local, the local EventBridge bus, the local Step
 * Functions engine and the local API Gateway, hosting the very handlers, ASL file, routes and event rules
 * that the CDK stack deploys. Only endpoints and credentials differ (AWS_ENDPOINT_URL_* variables).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { eventRules } from '../event-rules';
import { functionsCatalog } from '../functions-catalog';
import { substitutionsFor } from '../workflow/asl-placeholders';
import { startLocalApi } from './api-gateway';
import { DEV_IDENTITIES, issueToken, loadSecret } from './dev-tokens';
import { startDynamoDbLocal } from './dynamodb-local';
import { LocalEventBus, DEFAULT_BUS_NAMES } from './eventbridge/local-event-bus';
import { startPutEventsEndpoint } from './eventbridge/put-events-endpoint';
import { startFaultInjection, type FaultInjection, type FaultOptions } from './fault-injection';
import { LocalClock } from './local-clock';
import { startSesLocal } from './ses-local';
import { LocalStepFunctions } from './step-functions/local-step-functions';
import { startSfnHttpEndpoint } from './step-functions/sfn-http-endpoint';
import { localLambdaArn, substituteDefinition } from './step-functions/definition';

const ROOT = resolve(__dirname, '..', '..');
const REGION = 'eu-west-1';
export const STATE_MACHINE_NAME = 'tradeflow-contract-lifecycle';

export interface LocalRuntimeOptions {
  dataDir: string;
  apiPort?: number;
  sesPort?: number;
  /** Keep DynamoDB in memory (tests) instead of under dataDir. */
  inMemory?: boolean;
  /** EventBridge chaos for tests: duplicate and reorder deliveries like production may. */
  chaos?: { duplicateProbability?: number; reorderWindow?: number; seed?: number };
  log?: (line: string) => void;
  /**
   * Test only: make a share of the DynamoDB, SES and Step Functions calls that handlers make fail or lose their
   * answer (infra/local/fault-injection.ts). Change or turn off later with `runtime.faults.set(...)`.
   */
  faults?: FaultOptions;
  /** Wraps every handler invocation: the bench and cost tools time it and attribute its AWS calls to it. */
  aroundInvoke?: (functionId: string, event: unknown, invoke: () => Promise<unknown>) => Promise<unknown>;
}

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false, functionName, functionVersion: '$LATEST', invokedFunctionArn: `arn:aws:lambda:${REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: '256', awsRequestId: crypto.randomUUID(), logGroupName: `/aws/lambda/${functionName}`, logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}

export async function startLocalRuntime(options: LocalRuntimeOptions) {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  const clock = new LocalClock({ dataDir });
  const syncClockEnv = () => (process.env.TRADEFLOW_CLOCK_OFFSET_MS = String(clock.offset));
  syncClockEnv();

  const dynamo = await startDynamoDbLocal({ ...(options.inMemory ? {} : { dbPath: join(dataDir, 'dynamodb') }), region: REGION });
  const ses = await startSesLocal({ port: options.sesPort ?? 0 });

  const handlers = new Map<string, LambdaHandler>();
  async function handlerOf(functionId: string): Promise<LambdaHandler> {
    let h = handlers.get(functionId);
    if (!h) {
      const def = functionsCatalog.find((f) => f.id === functionId);
      if (!def) throw new Error(`No function ${functionId} in infra/functions-catalog.ts`);
      const mod = (await import(join(ROOT, def.entry))) as { handler: LambdaHandler };
      h = mod.handler;
      handlers.set(functionId, h);
    }
    return h;
  }
  let faults: FaultInjection | undefined;
  const invokeHandler = async (functionId: string, event: unknown) => {
    const run = async () => (await handlerOf(functionId))(event, lambdaContext(`tradeflow-${functionId}`));
    return faults ? faults.around(functionId, run) : run();
  };
  const around = options.aroundInvoke;
  const invoke = around ? (functionId: string, event: unknown) => around(functionId, event, () => invokeHandler(functionId, event)) : invokeHandler;

  const bus = new LocalEventBus({
    rules: eventRules, invoke, clock, region: REGION, dataDir: join(dataDir, 'eventbridge'),
    ...(options.chaos ? { chaos: options.chaos } : {}),
    onDeliveryError: (f) => log(`event delivery failed: rule ${f.ruleName} → ${f.functionId} attempt ${f.attempt}: ${(f.error as Error).message}`),
  });
  const busEndpoint = await startPutEventsEndpoint(bus, { port: 0 });
  const credentials = dynamo.credentials;
  const eventBridge = new EventBridgeClient({ region: REGION, endpoint: busEndpoint.url, credentials });

  const sfn = new LocalStepFunctions({ dataDir: join(dataDir, 'stepfunctions'), clock, invokeFunction: invoke, dynamodb: dynamo.client, eventBridge, region: REGION });
  const asl = readFileSync(join(ROOT, 'statemachines', 'contract-lifecycle.asl.json'), 'utf8');
  // The same placeholder convention the CDK stack fills with real ARNs.
  const substitutions = substitutionsFor(asl, functionsCatalog.map((f) => f.id), (id) => localLambdaArn(id), DEFAULT_BUS_NAMES.domain);
  const { stateMachineArn } = sfn.createStateMachine(STATE_MACHINE_NAME, substituteDefinition(asl, substitutions));
  const sfnEndpoint = await startSfnHttpEndpoint(sfn, { port: 0 });

  if (options.faults) faults = await startFaultInjection({ dynamodb: dynamo.endpoint, ses: ses.endpoint, sfn: sfnEndpoint.url }, options.faults);

  // The handlers' environment: exactly the variables the CDK stack sets, plus local endpoints.
  Object.assign(process.env, {
    TABLE_NAME: dynamo.tableName, STATE_MACHINE_ARN: stateMachineArn, DOMAIN_EVENT_BUS_NAME: DEFAULT_BUS_NAMES.domain,
    SENDER_ADDRESS: 'tradeflow@sino-export.example', AWS_REGION: REGION, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: faults?.endpoints.dynamodb ?? dynamo.endpoint, AWS_ENDPOINT_URL_SFN: faults?.endpoints.sfn ?? sfnEndpoint.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: busEndpoint.url, AWS_ENDPOINT_URL_SESV2: faults?.endpoints.ses ?? ses.endpoint,
  });
  const { resetConfigCache } = await import('../../shared/config');
  const { resetDefaultPorts } = await import('../../shared/adapters/clients');
  resetConfigCache();
  resetDefaultPorts();

  // Resume executions that were waiting when the runtime last stopped (replay), then start the timers.
  await sfn.start();

  // Hourly reminders, on the local clock (so advancing the clock runs them).
  let lastReminderHour = Math.floor(clock.now() / 3_600_000);
  const reminderTick = setInterval(() => {
    const hour = Math.floor(clock.now() / 3_600_000);
    if (hour === lastReminderHour) return;
    lastReminderHour = hour;
    invoke('send-reminders', { source: 'aws.scheduler' }).catch((e: Error) => log(`reminders failed: ${e.message}`));
  }, 500);
  reminderTick.unref();

  const secret = loadSecret(dataDir);
  const tokens = Object.fromEntries(DEV_IDENTITIES.map((who) => [who.role, { ...who, token: issueToken(secret, who) }]));
  const api = await startLocalApi({
    port: options.apiPort ?? 0,
    secret,
    invokeApi: async (event) => (await invoke('api', event)) as APIGatewayProxyResult,
    admin: async (method, path, body) => {
      if (method === 'GET' && path === '/_local/tokens') return { status: 200, body: tokens };
      if (method === 'GET' && path === '/_local/clock') return { status: 200, body: { now: new Date(clock.now()).toISOString(), offsetMs: clock.offset } };
      if (method === 'POST' && path === '/_local/clock') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body || '{}');
        } catch {
          return { status: 400, body: { error: 'BadRequest', message: 'Body is not JSON.' } };
        }
        const move = clockMove(parsed, clock.now());
        if ('problem' in move) return { status: 422, body: { error: 'ValidationFailed', message: move.problem } };
        clock.advance(move.advanceMs);
        syncClockEnv();
        return { status: 200, body: { now: new Date(clock.now()).toISOString(), offsetMs: clock.offset } };
      }
      if (method === 'GET' && path === '/_local/mailbox') return { status: 200, body: await ses.listMessages() };
      if (method === 'GET' && path === '/_local/dead-letters') return { status: 200, body: bus.listDeadLetters() };
      return undefined;
    },
  });
  const readyMs = Math.round(performance.now() - started);

  return {
    apiUrl: api.url, mailboxUrl: ses.mailboxUrl, sfnUrl: sfnEndpoint.url, eventBridgeUrl: busEndpoint.url, dynamoDbUrl: dynamo.endpoint,
    stateMachineArn, tokens, clock, bus, sfn, ses, readyMs, eventBridge,
    /** Fault injection control (only with `options.faults`): `set({})` turns it off, `counts()` reports. */
    faults,
    /** The DynamoDB Local java process (its memory is part of the runtime's). */
    dynamoDbPid: dynamo.pid,
    advanceClock(ms: number) {
      clock.advance(ms);
      syncClockEnv();
    },
    async idle() {
      await bus.waitUntilIdle();
    },
    async stop() {
      clearInterval(reminderTick);
      await api.close();
      await sfn.stop();
      await sfnEndpoint.close();
      await bus.close();
      await busEndpoint.close();
      await faults?.stop();
      await ses.stop();
      await dynamo.stop();
    },
  };
}

export type LocalRuntime = Awaited<ReturnType<typeof startLocalRuntime>>;

const MAX_MOVE_MS = 3650 * 86_400_000;

/**
 * Validates a request to move the local clock. Time only moves forward (waiting executions, deadlines and
 * once-keys assume it), by at most ten years at a time.
 */
export function clockMove(body: unknown, now: number): { advanceMs: number } | { problem: string } {
  const usage = 'Send {"advanceDays": n}, {"advanceMs": n} or {"set": "<ISO instant>"}: forward only, at most 3650 days.';
  if (!body || typeof body !== 'object') return { problem: usage };
  const b = body as { advanceDays?: unknown; advanceMs?: unknown; set?: unknown };
  let ms: number;
  if (typeof b.advanceDays === 'number') ms = b.advanceDays * 86_400_000;
  else if (typeof b.advanceMs === 'number') ms = b.advanceMs;
  else if (typeof b.set === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(b.set) && !Number.isNaN(Date.parse(b.set))) ms = Date.parse(b.set) - now;
  else return { problem: usage };
  if (!Number.isFinite(ms) || ms <= 0) return { problem: `The clock only moves forward. ${usage}` };
  if (ms > MAX_MOVE_MS) return { problem: `That moves the clock more than 3650 days at once. ${usage}` };
  return { advanceMs: Math.round(ms) };
}
