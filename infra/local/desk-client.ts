/**
 * A small client for the local runtime's real interfaces: the HTTP API (with a development token per role)
 * and PutEvents on the partner bus. The demo, the end-to-end tests and the benchmark drive the system
 * through it, exactly as a user and a partner would.
 */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Role } from '../../shared/domain/evidence';
import type { PartnerEvent } from './partner-event-builders';

export interface DeskRuntime {
  apiUrl: string;
  tokens: Record<string, { token: string }>;
  eventBridge: EventBridgeClient;
}

export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  body: T;
  headers: Headers;
}

export function deskClient(runtime: DeskRuntime) {
  async function call(role: Role | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const res = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      headers: {
        ...(role ? { authorization: `Bearer ${runtime.tokens[role]!.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async function publish(...events: PartnerEvent[]) {
    for (let i = 0; i < events.length; i += 10) {
      const out = await runtime.eventBridge.send(new PutEventsCommand({ Entries: events.slice(i, i + 10) }));
      if (out.FailedEntryCount) throw new Error(`PutEvents rejected entries: ${JSON.stringify(out.Entries)}`);
    }
  }

  /** Polls the contract until `ready` holds (executions and deliveries are asynchronous, as on AWS). */
  async function waitFor(contractId: string, ready: (contract: any) => boolean, timeoutMs = 60_000) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const deadline = performance.now() + timeoutMs;
    let last: unknown;
    while (performance.now() < deadline) {
      const res = await call('manager', 'GET', `/contracts/${contractId}`);
      last = res.body;
      if (res.status === 200 && ready(res.body)) return res.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    const c = last as { stage?: string; paymentStage?: string; logisticsStage?: string; flags?: string[]; openWaits?: unknown } | undefined;
    const timeline = (await call('manager', 'GET', `/contracts/${contractId}/timeline`)).body as { items?: unknown[] } | undefined;
    throw new Error(
      `Timed out waiting for contract ${contractId}: stage ${c?.stage}, payment ${c?.paymentStage}, logistics ${c?.logisticsStage}, flags ${JSON.stringify(c?.flags)}, escalation ${JSON.stringify((c as { escalation?: unknown } | undefined)?.escalation)}, waits ${JSON.stringify(c?.openWaits)}; ` +
        `latest timeline: ${JSON.stringify(timeline?.items?.slice(-4))?.slice(0, 1500)}`,
    );
  }

  /** The local runtime's clock (ISO, UTC), as partners would stamp their events. */
  let clockOffset = 0;
  async function nowAsync(): Promise<string> {
    const res = await fetch(`${runtime.apiUrl}/_local/clock`);
    const body = (await res.json()) as { offsetMs: number };
    clockOffset = body.offsetMs;
    return now();
  }
  const now = () => new Date(Date.now() + clockOffset - 1000).toISOString();

  return { call, publish, waitFor, now, nowAsync };
}

export type DeskClient = ReturnType<typeof deskClient>;
