import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SfnApiError } from './errors';
import type { LocalStepFunctions } from './local-step-functions';

/** A running local SFN endpoint. */
export interface SfnHttpEndpoint {
  /** e.g. `http://127.0.0.1:41234`: give it to `new SFNClient({ endpoint })` or `AWS_ENDPOINT_URL_SFN`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

type Operation = (sfn: LocalStepFunctions, body: Record<string, unknown>) => unknown;

const operations: Record<string, { required: string[]; run: Operation }> = {
  StartExecution: { required: ['stateMachineArn'], run: (sfn, b) => sfn.startExecution(b as never) },
  DescribeExecution: { required: ['executionArn'], run: (sfn, b) => sfn.describeExecution(b as never) },
  StopExecution: { required: ['executionArn'], run: (sfn, b) => sfn.stopExecution(b as never) },
  SendTaskSuccess: { required: ['taskToken', 'output'], run: (sfn, b) => sfn.sendTaskSuccess(b as never) },
  SendTaskFailure: { required: ['taskToken'], run: (sfn, b) => sfn.sendTaskFailure(b as never) },
  SendTaskHeartbeat: { required: ['taskToken'], run: (sfn, b) => sfn.sendTaskHeartbeat(b as never) },
  GetExecutionHistory: { required: ['executionArn'], run: (sfn, b) => sfn.getExecutionHistory(b as never) },
  ListExecutions: { required: ['stateMachineArn'], run: (sfn, b) => sfn.listExecutions(b as never) },
  ListStateMachines: { required: [], run: (sfn) => sfn.listStateMachines() },
  DescribeStateMachine: { required: ['stateMachineArn'], run: (sfn, b) => sfn.describeStateMachine(b as never) },
};

/**
 * Serves a {@link LocalStepFunctions} over the AWS JSON 1.0 protocol that `@aws-sdk/client-sfn` speaks
 * (`POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`), so the product's SFN adapter runs unchanged
 * against it with only the endpoint overridden. API errors go out as HTTP 400 with `__type` set to the AWS
 * error name, which the SDK turns into its own exception classes (`TaskDoesNotExist`, …). Requests are
 * not authenticated: it listens on 127.0.0.1 only.
 *
 * @example
 * ```ts
 * const endpoint = await startSfnHttpEndpoint(sfn, { port: 0 });
 * const client = new SFNClient({ endpoint: endpoint.url, region: 'eu-west-1',
 *   credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * await client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
 * ```
 */
export async function startSfnHttpEndpoint(sfn: LocalStepFunctions, options: { port?: number } = {}): Promise<SfnHttpEndpoint> {
  const server = createServer((request, response) => {
    void handle(sfn, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(sfn: LocalStepFunctions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AWSStepFunctions.') ? operations[target.slice('AWSStepFunctions.'.length)] : undefined;
    if (request.method !== 'POST' || !operation) {
      send(response, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target || '(no X-Amz-Target)'}` });
      return;
    }
    const text = await readBody(request);
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      send(response, 400, { __type: 'SerializationException', message: 'Request body is not JSON' });
      return;
    }
    const missing = operation.required.filter((field) => typeof body[field] !== 'string');
    if (missing.length > 0) {
      send(response, 400, { __type: 'ValidationException', message: `Missing required parameter(s): ${missing.join(', ')}` });
      return;
    }
    send(response, 200, toWire(await operation.run(sfn, body)));
  } catch (error) {
    if (error instanceof SfnApiError) send(response, 400, { __type: error.name, message: error.message });
    else send(response, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** AWS JSON 1.0 sends timestamps as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}
