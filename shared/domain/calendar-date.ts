/**
 * Two kinds of time in a trade contract, never mixed up:
 *
 * - **Calendar dates** (`YYYY-MM-DD`): L/C expiry, latest shipment, presentation deadline. They name a day
 *   on the calendar of whoever reads the document, not an instant. Arithmetic on them is pure day
 *   counting (proleptic Gregorian day numbers), never a JavaScript `Date`, so 2027-03-15 cannot turn
 *   into 2027-03-14 on a server in UTC.
 * - **Instants with an offset** (`2026-12-03T10:00:00+08:00`): when something happened or is due, as the
 *   sender stated it. Stored exactly as given; compared by the instant they denote.
 */
import { DateTime } from 'luxon';
import type { Clock } from './clock';

/** A day on the calendar, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** An ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`). */
export type OffsetInstant = string;

const CALENDAR_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OFFSET_INSTANT_SHAPE =
  /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD` (leap years honoured; year 0001–9999).
 *
 * @example isCalendarDate('2028-02-29') // true
 * @example isCalendarDate('2027-02-29') // false
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE_SHAPE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Adds (or with a negative count, subtracts) calendar days.
 *
 * Why: "21 days after shipment" is counted on the calendar; there is no time zone in it.
 *
 * @example addCalendarDays('2027-02-22', 21) // '2027-03-15'
 * @example addCalendarDays('2028-02-28', 1) // '2028-02-29'
 */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Calendar days from `from` to `to` (negative when `to` is earlier).
 *
 * @example calendarDaysBetween('2027-02-22', '2027-03-15') // 21
 */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** @example compareCalendarDates('2027-01-31', '2027-02-01') // -1 */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const diff = toDayNumber(a) - toDayNumber(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** @example earlierCalendarDate('2027-03-20', '2027-03-15') // '2027-03-15' */
export function earlierCalendarDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compareCalendarDates(a, b) <= 0 ? a : b;
}

/**
 * Whether `value` is an ISO 8601 date-time that states its offset and denotes a real instant.
 *
 * Why: "10:00" means nothing across Shanghai and Rotterdam; instants without an offset are refused.
 *
 * @example isOffsetInstant('2026-12-03T10:00:00+08:00') // true
 * @example isOffsetInstant('2026-12-03T10:00:00') // false
 */
export function isOffsetInstant(value: unknown): value is OffsetInstant {
  if (typeof value !== 'string' || !OFFSET_INSTANT_SHAPE.test(value)) return false;
  return DateTime.fromISO(value, { setZone: true }).isValid;
}

/**
 * The calendar date on which an instant falls at its own stated offset — the date the sender saw.
 *
 * @example calendarDateOfInstant('2026-12-03T01:00:00+08:00') // '2026-12-03' (UTC would say 12-02)
 */
export function calendarDateOfInstant(instant: OffsetInstant): CalendarDate {
  return instant.slice(0, 10);
}

/** Epoch milliseconds of an instant, for ordering and for comparing with the Clock. */
export function epochMillisOf(instant: OffsetInstant): number {
  return DateTime.fromISO(instant, { setZone: true }).toMillis();
}

/**
 * Today's calendar date in a time zone, read from the injected clock.
 *
 * Why: "is the L/C expired?" depends on where the reader is; deadline checks ask for today in the
 * zone of the party that must act.
 *
 * @example todayIn(fixedClock('2026-12-02T17:00:00Z'), 'Asia/Shanghai') // '2026-12-03'
 */
export function todayIn(clock: Clock, zone: string): CalendarDate {
  const date = DateTime.fromMillis(clock.now(), { zone }).toISODate();
  if (date === null) throw new Error(`todayIn: unknown time zone ${zone}`);
  return date;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant, "days_from_civil").
function toDayNumber(date: CalendarDate): number {
  const match = CALENDAR_DATE_SHAPE.exec(date);
  if (!match || !isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const [y0, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 1 || y > 9999) throw new RangeError(`Calendar date out of range (years 0001–9999): day ${dayNumber}`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The last instant at which `date` is still that calendar day somewhere on Earth (its end in UTC-12), in
 * epoch ms. A deadline stated as a calendar date (latest shipment, L/C expiry, presentation) is met by
 * anything that happens before it, wherever the party stands.
 *
 * @example endOfCalendarDayAnywhere('2027-02-15') === Date.parse('2027-02-16T11:59:59.999Z')
 */
export function endOfCalendarDayAnywhere(date: CalendarDate): number {
  return DateTime.fromISO(date, { zone: 'UTC-12' }).endOf('day').toMillis();
}
