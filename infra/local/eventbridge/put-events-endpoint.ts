import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutEventsRequestError, type LocalEventBus, type PutEventsEntry } from './local-event-bus';

/**
 * An HTTP endpoint speaking EventBridge's AWS JSON 1.1 protocol for `PutEvents`, so the product's unchanged
 * `@aws-sdk/client-eventbridge` client (pointed here by `AWS_ENDPOINT_URL_EVENTBRIDGE`) publishes to the
 * local bus. Other operations answer `UnknownOperationException`: rules are not managed through the API
 * locally, they come from `infra/event-rules.ts`.
 */

/** A running endpoint. */
export interface PutEventsEndpoint {
  /** e.g. `http://127.0.0.1:49152`, for the SDK's `endpoint` option. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Requests above this are refused before parsing; EventBridge's own limit (256 KB of entries) applies after. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Serves `PutEvents` for a local bus on a port (0 picks a free one).
 *
 * @example
 * const endpoint = await startPutEventsEndpoint(bus, { port: 0 });
 * const client = new EventBridgeClient({ endpoint: endpoint.url, region: 'eu-west-1',
 *   credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 */
export async function startPutEventsEndpoint(
  bus: LocalEventBus,
  options: { readonly port?: number; readonly host?: string } = {},
): Promise<PutEventsEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(bus, request, response).catch((error: unknown) => {
      sendError(response, 500, 'InternalException', error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(bus: LocalEventBus, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
    sendError(response, 400, 'UnknownOperationException', `The local EventBridge serves AWSEvents.PutEvents only, not ${String(target)}`);
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    sendError(response, 413, 'ValidationException', 'Request body too large.');
    return;
  }
  let parsed: { Entries?: PutEventsEntry[] };
  try {
    parsed = JSON.parse(body === '' ? '{}' : body) as { Entries?: PutEventsEntry[] };
  } catch {
    sendError(response, 400, 'SerializationException', 'Request body is not valid JSON.');
    return;
  }
  try {
    send(response, 200, bus.putEvents(parsed.Entries));
  } catch (error) {
    if (error instanceof PutEventsRequestError) {
      sendError(response, 400, error.code, error.message);
      return;
    }
    throw error;
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  send(response, status, { __type: type, message }, { 'x-amzn-errortype': type });
}
