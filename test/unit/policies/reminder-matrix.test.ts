import { DateTime } from 'luxon';
import { REMINDER_MATRIX, URGENCY_BANDS, dueStepFor, reminderCell, reminderSchedule, reminderSteps, urgencyOf } from '../../../shared/domain/policies/reminder-matrix';
import { IMPORTANCE_LEVELS } from '../../../shared/domain/policies/importance';
import type { WorkingHours } from '../../../shared/domain/policies/people';
import { dueReminders } from '../../../shared/domain/reminders';
import type { LifecycleFacts } from '../../../shared/domain/lifecycle';

const office: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' };

describe('reminder matrix: one test per cell', () => {
  const cells = IMPORTANCE_LEVELS.flatMap((imp) => URGENCY_BANDS.map((b) => [imp, b.id, b] as const));
  it.each(cells)('%s × %s: the steps in the band follow its cadence, and each step reads that cell', (importance, _band, band) => {
    const cell = REMINDER_MATRIX[importance]![band.id]!;
    const inBand = reminderSteps(importance).filter((d) => d >= band.minDays && d <= band.maxDays);
    if (!cell.everyDays) {
      expect(inBand).toEqual([]);
      return;
    }
    const expected: number[] = [];
    for (let d = band.maxDays; d >= band.minDays; d -= cell.everyDays) expected.push(d);
    expect(inBand).toEqual(expected);
    for (const d of inBand) expect(reminderCell(importance, d)).toBe(cell);
    expect(cell.notify.map((n) => n.audience)).toContain('owner');
  });

  it.each([
    ['minor', [7, 2, 0]],
    ['standard', [14, 7, 2, 1, 0]],
    ['major', [30, 16, 14, 7, 5, 3, 2, 1, 0]],
    ['key', [30, 23, 16, 14, 11, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
  ] as const)('%s contracts are reminded %j days before', (importance, steps) => {
    expect(reminderSteps(importance)).toEqual(steps);
  });

  it('the more important the contract, the more people hear on the day', () => {
    const heard = (imp: (typeof IMPORTANCE_LEVELS)[number]) => reminderCell(imp, 0).notify.filter((n) => n.channel === 'email').length;
    expect(heard('minor')).toBeLessThan(heard('standard'));
    expect(heard('standard')).toBeLessThan(heard('key'));
    expect(urgencyOf(31)).toBeUndefined();
  });
});

describe('reminders in the recipient\'s time zone and working hours', () => {
  it('moves a step that falls on a weekend back to Friday and collapses it with Friday\'s', () => {
    // Deadline Tuesday 2027-02-16; steps 4 (Fri), 3 (Sat), 2 (Sun) → one Friday reminder, the nearest (2)
    const schedule = reminderSchedule('2027-02-16', [4, 3, 2, 1, 0], 'Asia/Shanghai', office);
    expect(schedule.map((s) => [DateTime.fromMillis(s.firesAt, { zone: 'Asia/Shanghai' }).toFormat('ccc dd HH:mm'), s.daysBefore])).toEqual([
      ['Fri 12 09:00', 2], ['Mon 15 09:00', 1], ['Tue 16 09:00', 0],
    ]);
  });

  it('waits for the working day: nothing at 03:00 local, the step at 09:00', () => {
    expect(dueStepFor('2027-02-16', [1, 0], 'Asia/Shanghai', office, Date.parse('2027-02-15T19:00:00Z'))).toBeUndefined(); // 03:00 Tue local
    expect(dueStepFor('2027-02-16', [1, 0], 'Asia/Shanghai', office, Date.parse('2027-02-16T01:00:00Z'))).toMatchObject({ daysBefore: 0 });
    expect(dueStepFor('2027-02-16', [1, 0], 'Asia/Shanghai', office, Date.parse('2027-02-16T16:30:00Z'))).toBeUndefined(); // past the deadline day in Shanghai
  });

  it('stops when the deadline is met', () => {
    const facts: LifecycleFacts = { incoterm: 'CIF', transportMode: 'SEA', paymentMethod: 'TT', depositPercent: '0', inspectionRequired: false, totalAmount: '1', currency: 'USD', customerIsNew: false, nonStandardTerms: false, strategic: false, latestShipmentDate: '2027-02-15' };
    expect(dueReminders(facts, new Map(), Date.parse('2027-02-14T09:00:00Z')).map((r) => r.deadline)).toEqual(['latestShipment']);
    expect(dueReminders(facts, new Map([['shipped', '2027-02-13T00:00:00Z']]), Date.parse('2027-02-14T09:00:00Z'))).toEqual([]);
  });

  /**
   * Runs the hourly job over a fortnight around a DST change, as the scheduler would (every hour on the
   * hour, UTC), with a once-key per step and recipient; returns when each reminder went out, local time.
   */
  function hourlyRun(deadline: string, zone: string, fromIso: string, toIso: string) {
    const steps = reminderSteps('key');
    const claimed = new Set<string>();
    const sent: string[] = [];
    for (let now = Date.parse(fromIso); now <= Date.parse(toIso); now += 3_600_000) {
      const due = dueStepFor(deadline, steps, zone, office, now);
      if (!due || claimed.has(`${deadline}#${due.daysBefore}`)) continue;
      claimed.add(`${deadline}#${due.daysBefore}`);
      sent.push(`${DateTime.fromMillis(now, { zone }).toFormat('ccc yyyy-LL-dd HH:mm ZZ')} (${due.daysBefore})`);
    }
    return sent;
  }

  it.each([
    ['Europe/Amsterdam, spring forward (Sun 28 March 2027)', '2027-04-01', 'Europe/Amsterdam', [
      'Wed 2027-03-24 09:00 +01:00 (8)', 'Thu 2027-03-25 09:00 +01:00 (7)', 'Fri 2027-03-26 09:00 +01:00 (4)', 'Mon 2027-03-29 09:00 +02:00 (3)', 'Tue 2027-03-30 09:00 +02:00 (2)', 'Wed 2027-03-31 09:00 +02:00 (1)', 'Thu 2027-04-01 09:00 +02:00 (0)',
    ]],
    ['Europe/Amsterdam, fall back (Sun 31 October 2027)', '2027-11-04', 'Europe/Amsterdam', [
      'Wed 2027-10-27 09:00 +02:00 (8)', 'Thu 2027-10-28 09:00 +02:00 (7)', 'Fri 2027-10-29 09:00 +02:00 (4)', 'Mon 2027-11-01 09:00 +01:00 (3)', 'Tue 2027-11-02 09:00 +01:00 (2)', 'Wed 2027-11-03 09:00 +01:00 (1)', 'Thu 2027-11-04 09:00 +01:00 (0)',
    ]],
    ['America/New_York, spring forward (Sun 14 March 2027)', '2027-03-18', 'America/New_York', [
      'Wed 2027-03-10 09:00 -05:00 (8)', 'Thu 2027-03-11 09:00 -05:00 (7)', 'Fri 2027-03-12 09:00 -05:00 (4)', 'Mon 2027-03-15 09:00 -04:00 (3)', 'Tue 2027-03-16 09:00 -04:00 (2)', 'Wed 2027-03-17 09:00 -04:00 (1)', 'Thu 2027-03-18 09:00 -04:00 (0)',
    ]],
    ['America/New_York, fall back (Sun 7 November 2027)', '2027-11-11', 'America/New_York', [
      'Wed 2027-11-03 09:00 -04:00 (8)', 'Thu 2027-11-04 09:00 -04:00 (7)', 'Fri 2027-11-05 09:00 -04:00 (4)', 'Mon 2027-11-08 09:00 -05:00 (3)', 'Tue 2027-11-09 09:00 -05:00 (2)', 'Wed 2027-11-10 09:00 -05:00 (1)', 'Thu 2027-11-11 09:00 -05:00 (0)',
    ]],
  ])('%s: every step at 09:00 local, once, none skipped', (_name, deadline, zone, expected) => {
    const from = DateTime.fromISO(deadline, { zone }).minus({ days: 8 }).toUTC().toISO()!;
    const to = DateTime.fromISO(deadline, { zone }).plus({ days: 2 }).toUTC().toISO()!;
    expect(hourlyRun(deadline, zone, from, to)).toEqual(expected);
  });

  it('a naive UTC schedule would be an hour off after the change; ours is not', () => {
    const [before, after] = reminderSchedule('2027-04-01', [4, 3], 'Europe/Amsterdam', office);
    expect(new Date(before!.firesAt).toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(new Date(after!.firesAt).toISOString()).toBe('2027-03-29T07:00:00.000Z');
  });
});
