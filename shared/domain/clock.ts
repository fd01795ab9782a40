/**
 * The only way domain code reads the current time. Handlers get the system clock; tests and the local
 * runtime inject a controllable one so that weeks of deadlines pass in milliseconds.
 */
export interface Clock {
  /** Current instant in epoch milliseconds. */
  now(): number;
}

/** The real clock, for Lambda. */
export const systemClock: Clock = { now: () => Date.now() }; // eslint-disable-line no-restricted-syntax

/** A clock fixed at an instant, advanced explicitly. For tests. */
export function fixedClock(startIso: string): Clock & { advance(ms: number): void; set(iso: string): void } {
  let current = Date.parse(startIso);
  if (Number.isNaN(current)) throw new Error(`fixedClock: not an ISO instant: ${startIso}`);
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (iso) => {
      current = Date.parse(iso);
    },
  };
}
