/**
 * Reading the time forms partners send, without ever passing a calendar date through UTC:
 *
 * | Form | Example | Read as |
 * |---|---|---|
 * | ISO date-time with offset | `2026-02-10T13:50:00+08:00` | instant, offset kept as sent |
 * | ISO date-time without offset | `2026-03-15T00:52:00` | instant, **assumed UTC** (`Z` appended, `assumedUtc: true`) |
 * | calendar date | `2026-04-15` | calendar date |
 * | SWIFT `YYMMDD` | `260415` | calendar date; YY 00–79 → 20YY, 80–99 → 19YY |
 * | epoch milliseconds | `1768867200000` | instant in UTC (`Z`) |
 * | OData V2 `/Date(ms)/` | `/Date(1768867200000)/` | calendar date when at UTC midnight (SAP date fields) |
 * | OData V2 `/Date(ms+mmmm)/` | `/Date(1768901462000+0000)/` | instant; the suffix is an offset in minutes (OData V2 JSON) |
 *
 * Why assume UTC for missing offsets instead of refusing: carriers and aggregators do send local times
 * without offsets (AfterShip `checkpoint_time`); refusing them loses the fact. The flag travels into
 * the evidence details so that a reader knows the hour may be off by the port's offset.
 */
import { DateTime, FixedOffsetZone } from 'luxon';
import { isCalendarDate, type CalendarDate, type OffsetInstant } from '../../domain/calendar-date';

/** An instant read from a partner; `assumedUtc` when the partner gave no offset. */
export interface PartnerInstant {
  readonly at: OffsetInstant;
  readonly assumedUtc: boolean;
}

/** Any partner time: an instant or a calendar date. */
export type PartnerTime = ({ readonly kind: 'instant' } & PartnerInstant) | { readonly kind: 'date'; readonly date: CalendarDate };

const DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/;
const MAX_OFFSET_MINUTES = 18 * 60;
const DAY_MS = 86_400_000;
/** ±100 000 000 days: the range ECMAScript dates (and luxon) can represent. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Reads an ISO 8601 date-time, with or without offset. `+0800` is rewritten `+08:00`.
 *
 * @example readPartnerInstant('2026-02-10T13:50:00+08:00') // { at: '2026-02-10T13:50:00+08:00', assumedUtc: false }
 * @example readPartnerInstant('2026-03-15T00:52:00') // { at: '2026-03-15T00:52:00Z', assumedUtc: true }
 * @example readPartnerInstant('2021 01 01 14:12:56') // undefined
 */
export function readPartnerInstant(raw: unknown): PartnerInstant | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = DATE_TIME.exec(raw);
  if (!match) return undefined;
  const [, local = '', zone] = match;
  const offset = zone === undefined || zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  if (offset !== 'Z' && Math.abs(Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) > MAX_OFFSET_MINUTES) return undefined;
  const at = `${local}${offset}`;
  const parsed = DateTime.fromISO(at, { setZone: true });
  if (!parsed.isValid || !isCalendarDate(local.slice(0, 10)) || Number(local.slice(11, 13)) > 23) return undefined;
  return { at, assumedUtc: zone === undefined };
}

/**
 * Reads a SWIFT `YYMMDD` date. YY 00–79 is 20YY, 80–99 is 19YY (a sliding century rule would make the
 * same message mean different dates in different years; a fixed pivot keeps mapping pure).
 *
 * @example calendarDateFromYymmdd('260415') // '2026-04-15'
 * @example calendarDateFromYymmdd('991231') // '1999-12-31'
 * @example calendarDateFromYymmdd('260230') // undefined
 */
export function calendarDateFromYymmdd(raw: string): CalendarDate | undefined {
  if (!/^\d{6}$/.test(raw)) return undefined;
  const yy = Number(raw.slice(0, 2));
  const date = `${yy <= 79 ? 2000 + yy : 1900 + yy}-${raw.slice(2, 4)}-${raw.slice(4, 6)}`;
  return isCalendarDate(date) ? date : undefined;
}

/**
 * An epoch-milliseconds instant in UTC.
 *
 * @example instantFromEpochMillis(1768901462000) // '2026-01-20T09:31:02Z'
 */
export function instantFromEpochMillis(ms: number): OffsetInstant | undefined {
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_EPOCH_MS) return undefined;
  const at = DateTime.fromMillis(ms, { zone: 'utc' });
  return at.isValid && at.year >= 1 && at.year <= 9999 ? (at.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

const ODATA_DATE = /^\/Date\((-?\d{1,16})(?:([+-])(\d{4}))?\)\/$/;

/**
 * Reads an OData V2 `/Date(ms)/` value as SAP sends it for a date-only field: UTC midnight of the day.
 * Anything not at UTC midnight is refused, because it is not a date field.
 *
 * Why UTC: SAP writes the calendar date as midnight UTC; converting to any negative-offset zone would
 * move the day back by one.
 *
 * @example calendarDateFromODataDate('/Date(1768867200000)/') // '2026-01-20'
 * @example calendarDateFromODataDate('/Date(1768901462000)/') // undefined (not midnight)
 */
export function calendarDateFromODataDate(raw: string): CalendarDate | undefined {
  const match = ODATA_DATE.exec(raw);
  if (!match || match[2] !== undefined) return undefined;
  const ms = Number(match[1]);
  if (ms % DAY_MS !== 0) return undefined;
  return instantFromEpochMillis(ms)?.slice(0, 10);
}

/**
 * Reads an OData V2 `/Date(ms)/` or `/Date(ms+mmmm)/` date-time. The milliseconds are UTC; the optional
 * suffix is the sender's offset in minutes (OData V2 JSON), used only to write the instant in it.
 *
 * @example instantFromODataDate('/Date(1768901462000+0000)/') // '2026-01-20T09:31:02Z'
 * @example instantFromODataDate('/Date(1768901462000+0060)/') // '2026-01-20T10:31:02+01:00'
 */
export function instantFromODataDate(raw: string): OffsetInstant | undefined {
  const match = ODATA_DATE.exec(raw);
  if (!match) return undefined;
  const ms = Number(match[1]);
  const utc = instantFromEpochMillis(ms);
  if (utc === undefined || match[2] === undefined) return utc;
  const minutes = (match[2] === '-' ? -1 : 1) * Number(match[3]);
  if (Math.abs(minutes) > MAX_OFFSET_MINUTES) return undefined;
  if (minutes === 0) return utc;
  return DateTime.fromMillis(ms, { zone: FixedOffsetZone.instance(minutes) }).toISO({ suppressMilliseconds: true }) ?? undefined;
}

/**
 * Reads any time form a partner may send (see the module table).
 *
 * @example readPartnerTime('2026-04-15') // { kind: 'date', date: '2026-04-15' }
 * @example readPartnerTime(1768867200000) // { kind: 'instant', at: '2026-01-20T00:00:00Z', assumedUtc: false }
 */
export function readPartnerTime(raw: unknown): PartnerTime | undefined {
  if (typeof raw === 'number') {
    const at = instantFromEpochMillis(raw);
    return at === undefined ? undefined : { kind: 'instant', at, assumedUtc: false };
  }
  if (typeof raw !== 'string') return undefined;
  const date = calendarDateOrUndefined(raw);
  if (date !== undefined) return { kind: 'date', date };
  const yymmdd = calendarDateFromYymmdd(raw);
  if (yymmdd !== undefined) return { kind: 'date', date: yymmdd };
  if (raw.startsWith('/Date(')) {
    const at = instantFromODataDate(raw);
    return at === undefined ? undefined : { kind: 'instant', at, assumedUtc: false };
  }
  const instant = readPartnerInstant(raw);
  return instant === undefined ? undefined : { kind: 'instant', ...instant };
}

function calendarDateOrUndefined(raw: string): CalendarDate | undefined {
  return isCalendarDate(raw) ? raw : undefined;
}

/** The string to store as `occurredAt` / `at`: the instant as sent or the calendar date. */
export function partnerTimeText(time: PartnerTime): string {
  return time.kind === 'date' ? time.date : time.at;
}

/** Epoch milliseconds of a partner instant (for plausibility windows). */
export function epochMillisOfInstant(at: OffsetInstant): number {
  return DateTime.fromISO(at, { setZone: true }).toMillis();
}
