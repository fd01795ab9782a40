/**
 * Test-only fault injection for the local runtime: HTTP proxies in front of the local DynamoDB, SES and Step
 * Functions endpoints that make a share of the calls handlers make fail (HTTP 500 before the call reaches the
 * service) or time out (the call reaches the service and takes effect, but the answer is lost — the case
 * that tests exactly-once). Handlers see these through their ordinary SDK clients, so SDK retries,
 * EventBridge retries and dead letters, quarantine and replay are exercised exactly as in AWS.
 *
 * Only calls made while one of `functions` runs are faulted (an AsyncLocalStorage context set around the
 * invocation, read through Node's `http.client.request.created` diagnostics channel), so a test can aim at
 * the functions whose failures the system is built to absorb.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from './seeded-random';

/** Shares (0–1) of calls to fault, per service, and the seed that makes the run reproducible. */
export interface FaultOptions {
  dynamodb?: number;
  ses?: number;
  sfn?: number;
  seed?: number;
  /** Share of faults that are lost answers (the call took effect) rather than refusals. Default 0.3. */
  lostAnswerShare?: number;
  /**
   * Services whose answers may be lost. Default DynamoDB and Step Functions: a lost SES answer makes the SDK
   * send the e-mail again (SES has no idempotency token), which no claim-first design can prevent.
   */
  lostAnswerServices?: readonly FaultService[];
  /** Functions whose calls are faulted. Default: the EventBridge targets (retried, then dead-lettered). */
  functions?: readonly string[];
}

export type FaultService = 'dynamodb' | 'ses' | 'sfn';

const HEADER = 'x-tradeflow-fault-scope';
const CHANNEL = 'http.client.request.created';

/** The error body each service's SDK reads as a retryable server error. */
function errorResponse(service: FaultService): { status: number; headers: Record<string, string>; body: string } {
  if (service === 'ses') return { status: 500, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' }, body: JSON.stringify({ message: 'Injected fault' }) };
  const type = service === 'dynamodb' ? 'com.amazonaws.dynamodb.v20120810#InternalServerError' : 'ServiceUnavailable';
  return { status: service === 'dynamodb' ? 500 : 503, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type }, body: JSON.stringify({ __type: type, message: 'Injected fault' }) };
}


/**
 * Starts the fault proxies. Point the handlers' `AWS_ENDPOINT_URL_*` at `endpoints` and wrap every handler
 * invocation with `around`. `set` changes the shares at any time (`set({})` turns faults off).
 *
 * @example
 * const faults = await startFaultInjection({ dynamodb: dynamo.endpoint, ses: ses.endpoint, sfn: sfnEndpoint.url }, { dynamodb: 0.05, seed: 7 });
 */
export async function startFaultInjection(targets: Record<FaultService, string>, options: FaultOptions) {
  let shares: FaultOptions = { ...options };
  const random = seededRandom(options.seed ?? 0xfa17);
  const scope = new AsyncLocalStorage<string>();
  const counts: Record<FaultService, { calls: number; refused: number; lost: number }> = {
    dynamodb: { calls: 0, refused: 0, lost: 0 },
    ses: { calls: 0, refused: 0, lost: 0 },
    sfn: { calls: 0, refused: 0, lost: 0 },
  };
  const faulted = () => new Set(shares.functions ?? ['ingest-partner-event', 'notify-customer']);
  const tag = (message: unknown) => {
    const functionId = scope.getStore();
    const request = (message as { request?: ClientRequest }).request;
    if (functionId && request && !request.headersSent) request.setHeader(HEADER, functionId);
  };
  subscribe(CHANNEL, tag);

  async function proxy(service: FaultService, target: string) {
    const to = new URL(target);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const caller = req.headers[HEADER];
        const share = typeof caller === 'string' && faulted().has(caller) ? (shares[service] ?? 0) : 0;
        const { [HEADER]: _scope, ...headers } = req.headers;
        if (share > 0) counts[service].calls++;
        const mayLose = (shares.lostAnswerServices ?? ['dynamodb', 'sfn']).includes(service);
        const fault = share > 0 && random() < share ? (mayLose && random() < (shares.lostAnswerShare ?? 0.3) ? 'lost' : 'refused') : undefined;
        if (fault === 'refused') {
          counts[service].refused++;
          const e = errorResponse(service);
          res.writeHead(e.status, e.headers).end(e.body);
          return;
        }
        const upstream = httpRequest({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (answer) => {
          if (fault === 'lost') {
            // The call took effect; the caller never hears of it.
            counts[service].lost++;
            answer.resume();
            answer.on('end', () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', (error) => res.writeHead(502).end(String(error)));
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  const proxies = {
    dynamodb: await proxy('dynamodb', targets.dynamodb),
    ses: await proxy('ses', targets.ses),
    sfn: await proxy('sfn', targets.sfn),
  };
  return {
    endpoints: { dynamodb: proxies.dynamodb.endpoint, ses: proxies.ses.endpoint, sfn: proxies.sfn.endpoint },
    /** Runs a handler invocation in its fault scope. */
    around<T>(functionId: string, invoke: () => Promise<T>): Promise<T> {
      return scope.run(functionId, invoke);
    },
    set(next: FaultOptions) {
      shares = { ...shares, dynamodb: 0, ses: 0, sfn: 0, ...next };
    },
    /** Faulted calls so far, per service: calls eligible, refused, answers lost. */
    counts: () => structuredClone(counts),
    async stop() {
      unsubscribe(CHANNEL, tag);
      for (const p of Object.values(proxies)) {
        p.server.closeAllConnections();
        await new Promise<void>((done) => p.server.close(() => done()));
      }
    },
  };
}

export type FaultInjection = Awaited<ReturnType<typeof startFaultInjection>>;
