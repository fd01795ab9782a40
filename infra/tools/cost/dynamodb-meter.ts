/**
 * A metering proxy in front of DynamoDB Local. Every request is forwarded with `ReturnConsumedCapacity:
 * INDEXES` added (unless the caller asked for capacity itself), and the capacity DynamoDB Local reports —
 * item sizes rounded to 1 KB writes / 4 KB reads, GSI writes and transactional doubling included — is
 * recorded per operation and per calling function (the `x-tradeflow-function` header, see
 * invocation-meter.ts). Responses are passed through byte for byte (the SDK checks their CRC32).
 *
 * DynamoDB Local does not verify SigV4 signatures, which is what makes rewriting the body possible; this is
 * a measuring tool for the local runtime only.
 *
 * Failed requests carry no capacity in their answer. AWS still charges a write whose condition failed, so
 * a failed write is recorded as 1 WRU per item it named (2 for a transaction) — an estimate, marked as such.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FUNCTION_HEADER } from './invocation-meter';

/** One metered DynamoDB request. */
export interface DynamoDbRequestRecord {
  /** `GetItem`, `TransactWriteItems`… */
  readonly operation: string;
  /** The calling function's purpose, or `other` (runtime, tools). */
  readonly caller: string;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly failed: boolean;
  /** True when the units are this meter's estimate (failed writes), not DynamoDB Local's figure. */
  readonly estimated: boolean;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const WITH_CAPACITY = new Set([...READS, ...WRITES]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Read and write units in one `ConsumedCapacity` answer (an object, or a list for batch/transact). */
export function unitsOf(operation: string, consumed: Capacity | Capacity[] | undefined): { readUnits: number; writeUnits: number } {
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  let readUnits = 0;
  let writeUnits = 0;
  for (const c of list) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      readUnits += c.ReadCapacityUnits ?? 0;
      writeUnits += c.WriteCapacityUnits ?? 0;
    } else if (READS.has(operation)) readUnits += c.CapacityUnits ?? 0;
    else writeUnits += c.CapacityUnits ?? 0;
  }
  return { readUnits, writeUnits };
}

function itemsNamed(operation: string, body: Record<string, unknown>): number {
  if (operation === 'TransactWriteItems') return (body.TransactItems as unknown[] | undefined)?.length ?? 1;
  if (operation === 'BatchWriteItem') return Object.values((body.RequestItems as Record<string, unknown[]> | undefined) ?? {}).reduce((n, list) => n + list.length, 0);
  return 1;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts the proxy for `target` (DynamoDB Local's endpoint).
 *
 * @example
 * const meter = await startDynamoDbMeter(runtime.dynamoDbUrl);
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = meter.url; // before the first handler builds its client
 */
export async function startDynamoDbMeter(target: string) {
  const upstream = new URL(target);
  let records: DynamoDbRequestRecord[] = [];
  const server = createServer(async (req, res) => {
    try {
      const raw = await readAll(req);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? 'unknown';
      const caller = String(req.headers[FUNCTION_HEADER] ?? 'other');
      let body: Record<string, unknown> = {};
      let forwarded = raw;
      if (WITH_CAPACITY.has(operation)) {
        body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
        if (body.ReturnConsumedCapacity === undefined || body.ReturnConsumedCapacity === 'NONE') {
          forwarded = Buffer.from(JSON.stringify({ ...body, ReturnConsumedCapacity: 'INDEXES' }), 'utf8');
        }
      }
      const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: upstream.host, 'content-length': String(forwarded.length) };
      delete headers[FUNCTION_HEADER];
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        const out = httpRequest({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, resolve);
        out.once('error', reject);
        out.end(forwarded);
      });
      const payload = await readAll(answer);
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      res.end(payload);
      if (!WITH_CAPACITY.has(operation)) return;
      const failed = (answer.statusCode ?? 500) >= 400;
      if (failed) {
        const writes = WRITES.has(operation) ? itemsNamed(operation, body) * (operation === 'TransactWriteItems' ? 2 : 1) : 0;
        records.push({ operation, caller, readUnits: 0, writeUnits: writes, failed, estimated: writes > 0 });
        return;
      }
      const parsed = JSON.parse(payload.toString('utf8') || '{}') as { ConsumedCapacity?: Capacity | Capacity[] };
      records.push({ operation, caller, ...unitsOf(operation, parsed.ConsumedCapacity), failed, estimated: false });
    } catch (error) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ __type: 'MeterProxyError', message: (error as Error).message }));
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records: (): readonly DynamoDbRequestRecord[] => records,
    reset() {
      records = [];
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type DynamoDbMeter = Awaited<ReturnType<typeof startDynamoDbMeter>>;
