import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addCalendarDays,
  calendarDateOfInstant,
  calendarDaysBetween,
  compareCalendarDates,
  earlierCalendarDate,
  epochMillisOf,
  isCalendarDate,
  isOffsetInstant,
  todayIn,
} from '../../../shared/domain/calendar-date';
import { fixedClock } from '../../../shared/domain/clock';

const calendarDate = fc
  .record({ y: fc.integer({ min: 1900, max: 2200 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const dayCount = fc.integer({ min: -5000, max: 5000 });

describe('calendar dates', () => {
  it.each([['2027-03-15'], ['2028-02-29'], ['2000-02-29'], ['0001-01-01'], ['9999-12-31']])('%s is a calendar date', (d) =>
    expect(isCalendarDate(d)).toBe(true),
  );
  it.each([['2027-02-29'], ['1900-02-29'], ['2027-13-01'], ['2027-04-31'], ['2027-3-15'], ['15/03/2027'], ['2027-03-15T00:00:00Z'], ['0000-01-01'], [20270315], [null]])(
    '%j is not a calendar date',
    (d) => expect(isCalendarDate(d)).toBe(false),
  );

  it.each([
    ['2027-02-22', 21, '2027-03-15'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-03-28', 1, '2027-03-29'], // EU DST change weekend: still one day
    ['2027-01-01', -1, '2026-12-31'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addCalendarDays(date, days)).toBe(expected);
    expect(calendarDaysBetween(date, expected)).toBe(days);
  });

  it('refuses to count from a non-date or beyond year 9999', () => {
    expect(() => addCalendarDays('2027-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('orders and picks the earlier date', () => {
    expect(compareCalendarDates('2027-01-31', '2027-02-01')).toBe(-1);
    expect(compareCalendarDates('2027-02-01', '2027-02-01')).toBe(0);
    expect(earlierCalendarDate('2027-03-20', '2027-03-15')).toBe('2027-03-15');
  });

  it('property: adding then subtracting days returns the date; the distance is the count', () => {
    fc.assert(
      fc.property(calendarDate, dayCount, (date, n) => {
        const later = addCalendarDays(date, n);
        expect(isCalendarDate(later)).toBe(true);
        expect(calendarDaysBetween(date, later)).toBe(n);
        expect(addCalendarDays(later, -n)).toBe(date);
        expect(compareCalendarDates(date, later)).toBe(Math.sign(-n) || 0);
      }),
    );
  });

  it('property: agrees with the Gregorian calendar of an independent implementation (luxon, UTC)', () => {
    fc.assert(
      fc.property(calendarDate, dayCount, (date, n) => {
        expect(addCalendarDays(date, n)).toBe(DateTime.fromISO(date, { zone: 'utc' }).plus({ days: n }).toISODate());
      }),
    );
  });

  it('property: validity agrees with luxon for any year/month/day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(isCalendarDate(text)).toBe(DateTime.fromISO(text, { zone: 'utc' }).isValid);
      }),
    );
  });

  it('does not depend on the process time zone', () => {
    const original = process.env.TZ;
    try {
      const results = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'].map((tz) => {
        process.env.TZ = tz;
        return [addCalendarDays('2027-03-27', 1), calendarDaysBetween('2027-03-01', '2027-04-01'), calendarDateOfInstant('2026-12-03T01:00:00+08:00')];
      });
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    } finally {
      process.env.TZ = original;
    }
  });
});

describe('instants with offsets', () => {
  it.each([['2026-12-03T10:00:00+08:00'], ['2026-12-03T02:00:00Z'], ['2026-12-03T10:00+05:30'], ['2026-12-03T10:00:00.123-03:00']])('%s is accepted', (v) =>
    expect(isOffsetInstant(v)).toBe(true),
  );
  it.each([['2026-12-03T10:00:00'], ['2026-12-03'], ['2026-02-30T10:00:00Z'], ['2026-12-03T25:00:00Z'], ['2026-12-03 10:00:00+08:00'], [1764727200000]])(
    '%j is refused',
    (v) => expect(isOffsetInstant(v)).toBe(false),
  );

  it('keeps the calendar date the sender saw, not the UTC one', () => {
    expect(calendarDateOfInstant('2026-12-03T01:00:00+08:00')).toBe('2026-12-03');
    expect(epochMillisOf('2026-12-03T01:00:00+08:00')).toBe(Date.parse('2026-12-02T17:00:00Z'));
  });

  it("reads today's date in a zone from the injected clock", () => {
    const clock = fixedClock('2026-12-02T17:00:00Z');
    expect(todayIn(clock, 'Asia/Shanghai')).toBe('2026-12-03');
    expect(todayIn(clock, 'Europe/Amsterdam')).toBe('2026-12-02');
  });
});
