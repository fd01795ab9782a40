/**
 * Measures every Lambda handler invocation of the local runtime (through its `aroundInvoke` option): which
 * function, what it was invoked for, its wall-clock duration, and — via an AsyncLocalStorage context and
 * Node's `http.client.request.created` diagnostics channel — which function each outgoing AWS call came
 * from. The call is tagged with an `x-tradeflow-function` header, which the DynamoDB meter reads.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** Header naming the function (and purpose) an outgoing AWS request was made for. */
export const FUNCTION_HEADER = 'x-tradeflow-function';

/** One measured invocation. */
export interface InvocationRecord {
  readonly functionId: string;
  /** `functionId`, refined for the API: `api GET /contracts/{contractId}`. */
  readonly purpose: string;
  readonly durationMs: number;
  readonly failed: boolean;
  readonly result: unknown;
}

interface ApiEventLike {
  httpMethod?: string;
  resource?: string;
}

/** `api GET /contracts/{contractId}` for API events, the function id otherwise. */
export function purposeOf(functionId: string, event: unknown): string {
  const api = event as ApiEventLike | undefined;
  return functionId === 'api' && api?.httpMethod ? `api ${api.httpMethod} ${api.resource ?? ''}`.trim() : functionId;
}

const CHANNEL = 'http.client.request.created';

/**
 * Starts metering. Pass `aroundInvoke` to `startLocalRuntime`; call `reset()` to start a fresh window and
 * `stop()` at the end.
 *
 * @example
 * const meter = meterInvocations();
 * const runtime = await startLocalRuntime({ dataDir, aroundInvoke: meter.aroundInvoke });
 */
export function meterInvocations() {
  const context = new AsyncLocalStorage<string>();
  let records: InvocationRecord[] = [];
  const tag = (message: unknown) => {
    const purpose = context.getStore();
    const request = (message as { request?: ClientRequest }).request;
    if (purpose && request && !request.headersSent) request.setHeader(FUNCTION_HEADER, purpose);
  };
  subscribe(CHANNEL, tag);
  return {
    async aroundInvoke(functionId: string, event: unknown, invoke: () => Promise<unknown>): Promise<unknown> {
      const purpose = purposeOf(functionId, event);
      const began = performance.now();
      let failed = true;
      let result: unknown;
      try {
        result = await context.run(purpose, invoke);
        failed = false;
        return result;
      } finally {
        records.push({ functionId, purpose, durationMs: performance.now() - began, failed, result });
      }
    },
    /** Invocations since the last reset, in completion order. */
    records: (): readonly InvocationRecord[] => records,
    reset() {
      records = [];
    },
    stop() {
      unsubscribe(CHANNEL, tag);
    },
  };
}

export type InvocationMeter = ReturnType<typeof meterInvocations>;
