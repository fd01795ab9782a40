import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClock } from '../../../infra/local/local-clock';
import { localLambdaArn, substituteDefinition } from '../../../infra/local/step-functions/definition';
import { LocalStepFunctions } from '../../../infra/local/step-functions/local-step-functions';

/** One call of a local Lambda function, as the fake records it. */
export interface FunctionCall {
  functionId: string;
  payload: Record<string, unknown>;
}

/** A fake AWS SDK client: records commands, answers with `respond`. */
export interface FakeSdkClient {
  sent: { command: string; input: Record<string, unknown> }[];
  send(command: { constructor: { name: string }; input: Record<string, unknown> }): Promise<unknown>;
}

function fakeClient(respond: (command: string, input: Record<string, unknown>) => unknown): FakeSdkClient {
  const sent: FakeSdkClient['sent'] = [];
  return {
    sent,
    async send(command) {
      sent.push({ command: command.constructor.name, input: command.input });
      return { $metadata: { httpStatusCode: 200 }, ...(respond(command.constructor.name, command.input) as object) };
    },
  };
}

/** A local Step Functions over a temporary data dir, with fake functions and clients. */
export interface Harness {
  sfn: LocalStepFunctions;
  clock: LocalClock;
  dataDir: string;
  calls: FunctionCall[];
  /** Task tokens received by functions, in order. */
  tokens: string[];
  /** Per-functionId behaviour; default returns `{ entered: true }`. */
  functions: Record<string, (payload: Record<string, unknown>) => unknown>;
  dynamodb: FakeSdkClient;
  eventBridge: FakeSdkClient;
  /** Registers `test/fixtures/asl/<fixture>.asl.json` with local substitutions; returns its ARN. */
  machine(fixture: string): string;
}

/** Substitutions the way the local runtime resolves the product's `${Name}` placeholders. */
export const fixtureSubstitutions: Record<string, string> = {
  PriceContractFunctionArn: localLambdaArn('price-contract'),
  EnterStageFunctionArn: localLambdaArn('enter-stage'),
  EscalateFunctionArn: localLambdaArn('escalate'),
  PlanLifecycleFunctionArn: localLambdaArn('plan-lifecycle'),
  DomainEventBusName: 'tradeflow-domain',
  TableName: 'tradeflow',
};

export function fixtureText(fixture: string): string {
  return substituteDefinition(readFileSync(join(__dirname, '../../fixtures/asl', `${fixture}.asl.json`), 'utf8'), fixtureSubstitutions);
}

const dataDirs: string[] = [];

export function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-sfn-'));
  dataDirs.push(dir);
  return dir;
}

/** Deletes the data dirs this test file created (call in `afterAll`, after stopping the runtimes). */
export function removeDataDirs(): void {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Creates and starts a harness; pass the same `dataDir` to simulate a restart. */
export async function startHarness(dataDir = newDataDir()): Promise<Harness> {
  const clock = new LocalClock({ dataDir });
  const calls: FunctionCall[] = [];
  const tokens: string[] = [];
  const functions: Harness['functions'] = {};
  const dynamodb = fakeClient((command) => (command === 'UpdateItemCommand' ? { Attributes: { stage: { S: 'SHIPPED' } } } : {}));
  const eventBridge = fakeClient((_command, input) => ({
    Entries: (input.Entries as unknown[]).map((_, i) => ({ EventId: `event-${i + 1}` })),
    FailedEntryCount: 0,
  }));
  const sfn = new LocalStepFunctions({
    dataDir,
    clock,
    dynamodb,
    eventBridge,
    tickMs: 20,
    invokeFunction: async (functionId, payload) => {
      const p = payload as Record<string, unknown>;
      calls.push({ functionId, payload: p });
      if (typeof p.taskToken === 'string') tokens.push(p.taskToken);
      const behaviour = functions[functionId];
      return behaviour ? behaviour(p) : { entered: true };
    },
  });
  await sfn.start();
  return {
    sfn,
    clock,
    dataDir,
    calls,
    tokens,
    functions,
    dynamodb,
    eventBridge,
    machine: (fixture) => sfn.createStateMachine(fixture, fixtureText(fixture)).stateMachineArn,
  };
}

/** Polls `check` every 10 ms until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`eventually: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const DAY_MS = 24 * 3600 * 1000;
