/**
 * A small closed-loop HTTP load generator: `concurrency` clients, each sending its next request as soon as
 * the previous one answered, over keep-alive connections, until `requests` were sent. The same generator
 * drives the local API and the bare baseline server, so their numbers differ only by what the servers do.
 */
import { Agent, request } from 'node:http';

/** Result of {@link runHttpLoad}; latencies in milliseconds. */
export interface LoadResult {
  readonly requests: number;
  readonly concurrency: number;
  readonly totalMs: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses by status code; anything but 200 means the run measured the wrong thing. */
  readonly statuses: Record<string, number>;
}

/**
 * Nearest-rank percentile of an ascending array.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1]!;
}

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent, headers }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

/**
 * Sends `requests` GETs to `url` from `concurrency` clients.
 *
 * @example
 * const api = await runHttpLoad({ url: `${runtime.apiUrl}/contracts/${id}`, headers: { authorization: `Bearer ${token}` }, requests: 2000, concurrency: 20 });
 */
export async function runHttpLoad(o: { url: string; headers?: Record<string, string>; requests: number; concurrency: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const url = new URL(o.url);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  const started = performance.now();
  const client = async () => {
    while (sent < o.requests) {
      sent += 1;
      const began = performance.now();
      const status = await get(agent, url, o.headers ?? {});
      latencies.push(performance.now() - began);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  const totalMs = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 100) / 100;
  return {
    requests: latencies.length,
    concurrency: o.concurrency,
    totalMs: Math.round(totalMs),
    requestsPerSecond: Math.round((latencies.length / totalMs) * 1000 * 10) / 10,
    p50Ms: ms(percentile(latencies, 50)),
    p90Ms: ms(percentile(latencies, 90)),
    p99Ms: ms(percentile(latencies, 99)),
    maxMs: ms(latencies[latencies.length - 1] ?? Number.NaN),
    statuses,
  };
}
