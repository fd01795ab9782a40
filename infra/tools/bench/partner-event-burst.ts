/**
 * Partner-event throughput: signed contracts waiting for their booking receive a burst of DCSA carrier
 * events (CONF, LOAD, DEPA, ARRI, GTOT each), 10% of them sent twice as exact duplicates, through PutEvents
 * on the partner bus. Timed from the first PutEvents until the bus is idle and every fact was recorded as
 * evidence (counted from the ingest function's own results) — the duplicates must be recognised, not
 * recorded. Beside it, raw single-item PutItem writes to the same DynamoDB Local table show the floor.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DeskClient } from '../../local/desk-client';
import { bookingConfirmed, equipmentEvent, transportEvent, type PartnerEvent } from '../../local/partner-event-builders';
import { createAndSign } from '../../local/scenarios';
import { benchContract } from './bench-contracts';

/** What the ingest function returned, as the bench counts it. */
export interface IngestTally {
  invocations: number;
  recorded: number;
  duplicates: number;
  quarantined: number;
  failed: number;
}

export function newIngestTally(): IngestTally {
  return { invocations: 0, recorded: 0, duplicates: 0, quarantined: 0, failed: 0 };
}

/** Adds one ingest invocation's outcome to the tally. */
export function tallyIngest(tally: IngestTally, result: unknown, failed: boolean): void {
  tally.invocations += 1;
  if (failed) {
    tally.failed += 1;
    return;
  }
  const r = result as { status?: string; contracts?: Array<{ recorded: number; duplicates: number }> } | undefined;
  if (r?.status === 'quarantined') tally.quarantined += 1;
  for (const c of r?.contracts ?? []) {
    tally.recorded += c.recorded;
    tally.duplicates += c.duplicates;
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  }));
  return results;
}

/** Result of {@link runPartnerEventBurst}. */
export interface PartnerEventBurst {
  readonly contracts: number;
  readonly events: number;
  readonly duplicates: number;
  readonly setupMs: number;
  readonly appliedMs: number;
  readonly eventsPerSecond: number;
  readonly tally: IngestTally;
  readonly deadLetters: number;
}

/**
 * Prepares `contracts` contracts in BOOKING with a booking reference, then sends the burst.
 *
 * @example
 * const burst = await runPartnerEventBurst({ desk, runtime, tally, contracts: 30 });
 */
export async function runPartnerEventBurst(o: {
  desk: DeskClient;
  idle: () => Promise<void>;
  deadLetters: () => number;
  tally: IngestTally;
  contracts: number;
  duplicateShare?: number;
}): Promise<PartnerEventBurst> {
  const { desk } = o;
  const setupStarted = performance.now();
  const prepared = await inPool(Array.from({ length: o.contracts }, (_, i) => benchContract('EV', i + 1, { inspection: false })), 10, async (c) => {
    const id = await createAndSign(desk, c.input);
    const moved = await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKING', note: 'Production finished' });
    if (moved.status !== 202) throw new Error(`to BOOKING: HTTP ${moved.status} ${JSON.stringify(moved.body)}`);
    const current = await desk.waitFor(id, (x) => x.logisticsStage === 'BOOKING');
    const patched = await desk.call('sales', 'PATCH', `/contracts/${id}`, { version: current.contract.version, references: { ...current.contract.references, bookingReferences: [c.bookingReference] } });
    if (patched.status !== 200) throw new Error(`booking reference: HTTP ${patched.status} ${JSON.stringify(patched.body)}`);
    return c;
  });
  await o.idle();
  const setupMs = Math.round(performance.now() - setupStarted);

  // Facts in the order a carrier reports them, hours apart, all in the past of the local clock.
  const now = Date.parse(await desk.nowAsync());
  const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
  const rounds: ((c: (typeof prepared)[number]) => PartnerEvent)[] = [
    (c) => bookingConfirmed({ bookingReference: c.bookingReference, at: hoursAgo(50) }),
    (c) => equipmentEvent('LOAD', { bookingReference: c.bookingReference, at: hoursAgo(40), location: c.input.transport.portOfLoading! }),
    (c) => transportEvent('DEPA', { bookingReference: c.bookingReference, at: hoursAgo(30), location: c.input.transport.portOfLoading! }),
    (c) => transportEvent('ARRI', { bookingReference: c.bookingReference, at: hoursAgo(5), location: c.input.transport.portOfDischarge! }),
    (c) => equipmentEvent('GTOT', { bookingReference: c.bookingReference, at: hoursAgo(2), location: c.input.transport.placeOfDelivery ?? c.input.transport.portOfDischarge! }),
  ];
  const unique = rounds.flatMap((make) => prepared.map(make));
  // Every n-th event is sent again, unchanged, a little later in the stream.
  const every = Math.round(1 / (o.duplicateShare ?? 0.1));
  const stream = [...unique];
  const seed = randomBytes(1)[0]! % every;
  let duplicates = 0;
  for (let i = seed; i < unique.length; i += every) {
    stream.splice(Math.min(stream.length, i + duplicates + 7), 0, unique[i]!);
    duplicates += 1;
  }
  const batches: PartnerEvent[][] = [];
  for (let i = 0; i < stream.length; i += 10) batches.push(stream.slice(i, i + 10));

  const base = { ...o.tally };
  const deadBefore = o.deadLetters();
  const expectedRecorded = base.recorded + unique.length;
  const started = performance.now();
  await inPool(batches, 4, (batch) => desk.publish(...batch));
  const deadline = started + 90_000;
  for (;;) {
    await o.idle();
    if (o.tally.invocations - base.invocations >= stream.length && o.tally.recorded >= expectedRecorded) break;
    if (performance.now() > deadline) {
      throw new Error(`partner events: after 90 s, ${o.tally.invocations - base.invocations}/${stream.length} ingested, ${o.tally.recorded - base.recorded}/${unique.length} recorded`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const appliedMs = performance.now() - started;
  const tally = {
    invocations: o.tally.invocations - base.invocations, recorded: o.tally.recorded - base.recorded, duplicates: o.tally.duplicates - base.duplicates,
    quarantined: o.tally.quarantined - base.quarantined, failed: o.tally.failed - base.failed,
  };
  return {
    contracts: prepared.length, events: stream.length, duplicates, setupMs, appliedMs: Math.round(appliedMs),
    eventsPerSecond: Math.round((stream.length / appliedMs) * 1000 * 10) / 10, tally, deadLetters: o.deadLetters() - deadBefore,
  };
}

/** Result of {@link runRawPutItems}. */
export interface RawWrites {
  readonly items: number;
  readonly concurrency: number;
  readonly itemBytes: number;
  readonly totalMs: number;
  readonly writesPerSecond: number;
}

/**
 * Single-item PutItem writes of ~1 KB items (pk `BENCH#…`) to the runtime's table, `concurrency` at a time.
 *
 * @example
 * const raw = await runRawPutItems({ endpoint: runtime.dynamoDbUrl, items: 2000, concurrency: 20 });
 */
export async function runRawPutItems(o: { endpoint: string; tableName?: string; items: number; concurrency: number }): Promise<RawWrites> {
  const client = new DynamoDBClient({ endpoint: o.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const run = randomBytes(4).toString('hex');
  const payload = 'x'.repeat(900);
  const started = performance.now();
  await inPool(Array.from({ length: o.items }, (_, i) => i), o.concurrency, (i) =>
    client.send(new PutItemCommand({ TableName: o.tableName ?? 'tradeflow', Item: { pk: { S: `BENCH#${run}#${i}` }, sk: { S: 'RAW' }, payload: { S: payload }, at: { S: new Date().toISOString() } } })),
  );
  const totalMs = performance.now() - started;
  client.destroy();
  return { items: o.items, concurrency: o.concurrency, itemBytes: 1000, totalMs: Math.round(totalMs), writesPerSecond: Math.round((o.items / totalMs) * 1000 * 10) / 10 };
}
