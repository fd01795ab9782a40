import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../../shared/domain/clock';
import type { EventBusId, EventRule } from '../../event-rules';
import { seededRandom } from '../seeded-random';
import { compileEventPattern, type CompiledEventPattern } from './event-pattern';

/**
 * The local stand-in for the two EventBridge buses: accepts `PutEvents` entries, validates them the way
 * EventBridge does, and delivers matching events to the rule targets through an injected `invoke`.
 *
 * It behaves like the cloud where the product could notice: delivery is asynchronous (PutEvents returns
 * once entries are accepted), at least once, retried with backoff, then dead-lettered; and on demand it
 * duplicates and reorders deliveries so tests meet what production will do. It knows no business rule:
 * routes come from `infra/event-rules.ts`.
 */

/** The event a rule target receives, shaped exactly as EventBridge delivers it to Lambda. */
export interface EventBridgeEvent<TDetail = unknown> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: TDetail;
}

/** One `PutEvents` entry as it arrives on the wire or in-process (`Time` is epoch seconds from the SDK). */
export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Time?: Date | number | string;
  readonly Resources?: readonly string[];
  readonly TraceHeader?: string;
}

/** Per entry: the event id when accepted, an EventBridge error code and message when not. */
export type PutEventsResultEntry = { readonly EventId: string } | { readonly ErrorCode: string; readonly ErrorMessage: string };

/** What `PutEvents` answers. */
export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: readonly PutEventsResultEntry[];
}

/** A whole request EventBridge refuses (HTTP 400), as opposed to a failed entry. */
export class PutEventsRequestError extends Error {
  override readonly name = 'PutEventsRequestError';
  constructor(
    readonly code: 'ValidationException',
    message: string,
  ) {
    super(message);
  }
}

/** A delivery that failed every attempt. Kept until redriven. */
export interface DeadLetter {
  readonly id: string;
  readonly ruleName: string;
  readonly functionId: string;
  readonly event: EventBridgeEvent;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: string;
}

/** Calls a rule target. Rejecting (or throwing) counts as a failed delivery and is retried. */
export type InvokeFunction = (functionId: string, event: EventBridgeEvent) => Promise<unknown> | unknown;

/** Options of {@link LocalEventBus}. */
export interface LocalEventBusOptions {
  readonly rules: readonly EventRule[];
  readonly invoke: InvokeFunction;
  /** Deployed bus names per bus id. Default `tradeflow-partner` / `tradeflow-domain`. */
  readonly busNames?: Readonly<Record<EventBusId, string>>;
  readonly account?: string;
  readonly region?: string;
  /** Stamps events that carry no `Time`. Default: the system clock. */
  readonly clock?: Clock;
  /** Default: 3 attempts, 50 ms doubling to at most 2 s, with jitter. AWS tries for 24 h; locally we give up fast. */
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number; readonly maxDelayMs?: number };
  /** When set, dead letters are also appended to `<dataDir>/eventbridge-dead-letters.jsonl` and reloaded on start. */
  readonly dataDir?: string;
  /** Chaos for tests: duplicate deliveries with a probability, shuffle deliveries within windows of N. */
  readonly chaos?: { readonly duplicateProbability?: number; readonly reorderWindow?: number; readonly seed?: number };
  /** Told about each failed attempt (default: silent). */
  readonly onDeliveryError?: (failure: { ruleName: string; functionId: string; eventId: string; attempt: number; error: unknown }) => void;
}

/** The limits EventBridge enforces on `PutEvents`. */
export const PUT_EVENTS_LIMITS = { maxEntries: 10, maxRequestBytes: 256 * 1024 } as const;

/** Default deployed bus names; the stacks name the buses the same way. */
export const DEFAULT_BUS_NAMES: Readonly<Record<EventBusId, string>> = { partner: 'tradeflow-partner', domain: 'tradeflow-domain' };

interface Delivery {
  readonly ruleName: string;
  readonly functionId: string;
  readonly event: EventBridgeEvent;
  attempt: number;
}

interface CompiledRule {
  readonly rule: EventRule;
  readonly pattern: CompiledEventPattern;
}

/**
 * A local EventBridge with the rules of `infra/event-rules.ts`.
 *
 * @example
 * const bus = new LocalEventBus({ rules: eventRules, invoke: (id, event) => handlers[id](event) });
 * bus.putEvents([{ EventBusName: 'tradeflow-domain', Source: 'tradeflow.contracts',
 *   DetailType: 'ContractStageChanged', Detail: JSON.stringify({ contractId: 'TC-1' }) }]);
 * await bus.waitUntilIdle();
 */
export class LocalEventBus {
  private readonly rulesByBus = new Map<EventBusId, CompiledRule[]>();
  private readonly busIdByName = new Map<string, EventBusId>();
  private readonly deadLetterStore: DeadLetterStore;
  private readonly random: () => number;
  private readonly queue: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly retrying = new Set<Delivery>();
  private idleWaiters: Array<() => void> = [];
  private pending = 0;
  private flushScheduled = false;
  private closed = false;

  constructor(private readonly options: LocalEventBusOptions) {
    const busNames = options.busNames ?? DEFAULT_BUS_NAMES;
    for (const [id, name] of Object.entries(busNames) as [EventBusId, string][]) this.busIdByName.set(name, id);
    for (const rule of options.rules) {
      const compiled = { rule, pattern: compileEventPattern(rule.pattern) };
      this.rulesByBus.set(rule.eventBus, [...(this.rulesByBus.get(rule.eventBus) ?? []), compiled]);
    }
    this.deadLetterStore = new DeadLetterStore(options.dataDir);
    this.random = seededRandom(options.chaos?.seed ?? 0x5eed);
  }

  /**
   * Accepts up to 10 entries; returns at once with an event id or an error per entry, like EventBridge.
   * Delivery to targets happens afterwards. Throws {@link PutEventsRequestError} for a request AWS refuses.
   */
  putEvents(entries: readonly PutEventsEntry[] | undefined): PutEventsResult {
    if (this.closed) throw new Error('LocalEventBus is closed');
    validateRequest(entries);
    const results = entries.map((entry) => this.accept(entry));
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  /** Resolves when nothing is queued, being delivered or waiting for a retry. For tests and shutdown. */
  waitUntilIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The dead letters, oldest first. */
  listDeadLetters(): readonly DeadLetter[] {
    return this.deadLetterStore.list();
  }

  /**
   * Delivers dead letters again (all, or those with the given ids) with a fresh set of attempts, keeping
   * the event id so consumers can recognise the redelivery. Returns how many were redriven.
   */
  redrive(ids?: readonly string[]): number {
    const letters = this.deadLetterStore.take(ids);
    for (const letter of letters) this.enqueue({ ruleName: letter.ruleName, functionId: letter.functionId, event: letter.event, attempt: 0 });
    return letters.length;
  }

  /**
   * Stops accepting events. Deliveries still waiting for a retry are dead-lettered rather than lost, so a
   * restart can redrive them; deliveries in flight are awaited.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const delivery of this.retrying) this.deadLetter(delivery, 'bus closed before the retry was made');
    this.retrying.clear();
    await this.waitUntilIdle();
  }

  private accept(entry: PutEventsEntry): PutEventsResultEntry {
    const problem = entryProblem(entry);
    if (problem) return problem;
    const busName = busNameOf(entry.EventBusName);
    const busId = this.busIdByName.get(busName);
    if (busId === undefined) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
    const timeMs = entryTimeMs(entry.Time) ?? this.options.clock?.now() ?? systemClock.now();
    const event: EventBridgeEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: this.options.account ?? '000000000000',
      time: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.options.region ?? 'eu-west-1',
      resources: [...(entry.Resources ?? [])],
      detail: JSON.parse(entry.Detail as string) as unknown,
    };
    for (const { rule, pattern } of this.rulesByBus.get(busId) ?? []) {
      if (!pattern.matches(event)) continue;
      const delivery = { ruleName: rule.name, functionId: rule.target.functionId, event };
      this.enqueue({ ...delivery, attempt: 0 });
      if (this.random() < (this.options.chaos?.duplicateProbability ?? 0)) this.enqueue({ ...delivery, attempt: 0 });
    }
    return { EventId: event.id };
  }

  private enqueue(delivery: Delivery): void {
    this.pending += 1;
    this.queue.push(delivery);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Starts queued deliveries; with a reorder window, each window of N is started in shuffled order. */
  private flush(): void {
    this.flushScheduled = false;
    const window = Math.max(1, this.options.chaos?.reorderWindow ?? 1);
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, window);
      if (window > 1) shuffle(batch, this.random);
      for (const delivery of batch) void this.attempt(delivery);
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    delivery.attempt += 1;
    try {
      await Promise.resolve().then(() => this.options.invoke(delivery.functionId, delivery.event));
      this.settle();
    } catch (error) {
      this.options.onDeliveryError?.({
        ruleName: delivery.ruleName,
        functionId: delivery.functionId,
        eventId: delivery.event.id,
        attempt: delivery.attempt,
        error,
      });
      const maxAttempts = this.options.retry?.maxAttempts ?? 3;
      if (delivery.attempt >= maxAttempts || this.closed) {
        this.deadLetter(delivery, describeError(error));
        return;
      }
      this.scheduleRetry(delivery);
    }
  }

  private scheduleRetry(delivery: Delivery): void {
    const base = this.options.retry?.baseDelayMs ?? 50;
    const max = this.options.retry?.maxDelayMs ?? 2_000;
    const delay = Math.min(max, base * 2 ** (delivery.attempt - 1)) * (0.5 + this.random() / 2);
    this.retrying.add(delivery);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.retrying.delete(delivery);
      void this.attempt(delivery);
    }, delay);
    this.timers.add(timer);
  }

  private deadLetter(delivery: Delivery, error: string): void {
    this.deadLetterStore.add({
      id: randomUUID(),
      ruleName: delivery.ruleName,
      functionId: delivery.functionId,
      event: delivery.event,
      attempts: delivery.attempt,
      error,
      failedAt: new Date(this.options.clock?.now() ?? systemClock.now()).toISOString(),
    });
    this.settle();
  }

  private settle(): void {
    this.pending -= 1;
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Dead letters in memory, mirrored to a JSON-lines file when a data directory is given, so they survive a
 * restart of the local runtime and can be inspected with `jq`.
 *
 * @example
 * const store = new DeadLetterStore('.local/data');
 * store.list().forEach((letter) => console.log(letter.ruleName, letter.error));
 */
export class DeadLetterStore {
  private letters: DeadLetter[] = [];
  private readonly file: string | undefined;

  constructor(dataDir?: string) {
    if (dataDir === undefined) return;
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'eventbridge-dead-letters.jsonl');
    if (existsSync(this.file)) {
      this.letters = readFileSync(this.file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as DeadLetter);
    }
  }

  add(letter: DeadLetter): void {
    this.letters.push(letter);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(letter)}\n`);
  }

  list(): readonly DeadLetter[] {
    return [...this.letters];
  }

  /** Removes and returns the given letters (all when `ids` is omitted). */
  take(ids?: readonly string[]): DeadLetter[] {
    const wanted = ids === undefined ? undefined : new Set(ids);
    const taken = this.letters.filter((letter) => wanted === undefined || wanted.has(letter.id));
    this.letters = this.letters.filter((letter) => !taken.includes(letter));
    if (this.file) writeFileSync(this.file, this.letters.map((letter) => `${JSON.stringify(letter)}\n`).join(''));
    return taken;
  }
}

/** Size of an entry as EventBridge counts it toward the 256 KB limit. */
export function putEventsEntrySize(entry: PutEventsEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

function validateRequest(entries: readonly PutEventsEntry[] | undefined): asserts entries is readonly PutEventsEntry[] {
  const constraint = (rule: string) =>
    new PutEventsRequestError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: ${rule}`);
  if (!Array.isArray(entries)) throw constraint('Member must not be null');
  if (entries.length < 1) throw constraint('Member must have length greater than or equal to 1');
  if (entries.length > PUT_EVENTS_LIMITS.maxEntries) throw constraint(`Member must have length less than or equal to ${PUT_EVENTS_LIMITS.maxEntries}`);
  const size = entries.reduce((sum, entry) => sum + putEventsEntrySize(entry), 0);
  if (size > PUT_EVENTS_LIMITS.maxRequestBytes) {
    throw new PutEventsRequestError('ValidationException', 'Total size of the entries in the request is over the limit.');
  }
}

function entryProblem(entry: PutEventsEntry): PutEventsResultEntry | undefined {
  const required = (field: string) => ({
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
  });
  if (!entry.Source) return required('Source');
  if (!entry.DetailType) return required('DetailType');
  if (entry.Detail === undefined || entry.Detail === '') return required('Detail');
  if (!isJsonObjectText(entry.Detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  if (entry.Source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  if (entry.Resources !== undefined && !(Array.isArray(entry.Resources) && entry.Resources.every((r) => typeof r === 'string'))) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Resources is not valid. Reason: Resources must be a list of strings.' };
  }
  if (entry.Time !== undefined && entryTimeMs(entry.Time) === undefined) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid. Reason: Time must be a timestamp.' };
  }
  return undefined;
}

function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Bus names may be given as names or ARNs; absent means the account's default bus. */
function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return arn ? (arn[1] as string) : nameOrArn;
}

/** `Time` arrives as epoch seconds from the SDK's JSON protocol, as a Date in-process, or as ISO text. */
function entryTimeMs(time: PutEventsEntry['Time']): number | undefined {
  if (time === undefined) return undefined;
  const ms =
    time instanceof Date ? time.getTime() : typeof time === 'number' ? time * 1000 : /^\d+(\.\d+)?$/.test(time) ? Number(time) * 1000 : Date.parse(time);
  return Number.isFinite(ms) ? ms : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}


function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
