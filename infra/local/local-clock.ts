import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../shared/domain/clock';

/** Name of the file under the data directory that keeps the clock offset across restarts. */
export const LOCAL_CLOCK_FILE = 'local-clock.json';

/**
 * The local runtime's clock: wall-clock time plus an offset that an operator (or a test) moves forward,
 * so months of contract deadlines can be walked in seconds. The offset is kept in `<dataDir>/local-clock.json`
 * so that a restarted runtime keeps the same "now" and persisted deadlines stay meaningful.
 *
 * It implements the domain's {@link Clock}; everything that schedules on time (the local Step Functions
 * timeouts included) must read this clock, never `Date.now()`.
 *
 * @example
 * ```ts
 * const clock = new LocalClock({ dataDir: '.local' });
 * clock.advance(40 * 24 * 3600 * 1000); // 40 days later: due callback timeouts fire on the next tick
 * clock.set('2026-03-01T09:00:00Z');
 * ```
 */
export class LocalClock implements Clock {
  private offsetMs: number;
  private readonly file: string;
  private readonly wallClock: () => number;

  constructor(options: { dataDir: string; wallClock?: () => number }) {
    mkdirSync(options.dataDir, { recursive: true });
    this.file = join(options.dataDir, LOCAL_CLOCK_FILE);
    this.wallClock = options.wallClock ?? (() => Date.now());
    this.offsetMs = readOffset(this.file);
  }

  /** Current local instant in epoch milliseconds. */
  now(): number {
    return this.wallClock() + this.offsetMs;
  }

  /** Moves local time forward (or back, with a negative value) by `ms` and persists the offset. */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`LocalClock.advance: not a finite number of milliseconds: ${ms}`);
    this.offsetMs += ms;
    this.persist();
  }

  /** Makes local time read `iso` now (time keeps flowing from there) and persists the offset. */
  set(iso: string): void {
    const target = Date.parse(iso);
    if (Number.isNaN(target)) throw new RangeError(`LocalClock.set: not an ISO-8601 instant: ${iso}`);
    this.offsetMs = target - this.wallClock();
    this.persist();
  }

  /** The current offset from wall-clock time, in milliseconds (for admin views). */
  get offset(): number {
    return this.offsetMs;
  }

  private persist(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ offsetMs: this.offsetMs }));
    renameSync(tmp, this.file);
  }
}

function readOffset(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 0;
  }
  const parsed = JSON.parse(text) as { offsetMs?: unknown };
  if (typeof parsed.offsetMs !== 'number' || !Number.isFinite(parsed.offsetMs)) {
    throw new Error(`${file}: expected {"offsetMs": <number>}, found ${text}`);
  }
  return parsed.offsetMs;
}
