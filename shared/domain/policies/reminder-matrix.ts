/**
 * The reminder matrix: contract importance × urgency (days to the deadline) → cadence, channel and
 * audience. Each recipient is reminded at the start of their working day in their own IANA time zone,
 * computed on local calendar days (so a DST change moves nothing: 09:00 stays 09:00 local), never twice
 * for the same deadline step (the step is part of the once-key), and never after the deadline is met.
 */
import { DateTime } from 'luxon';
import * as z from 'zod';
import { AUDIENCES, CHANNELS } from './escalation-tree';
import { IMPORTANCE_LEVELS, type Importance } from './importance';
import { isWorkingTime, type WorkingHours } from './people';

export const URGENCY_BANDS = [
  { id: 'distant', label: '15–30 days to go', minDays: 15, maxDays: 30 },
  { id: 'approaching', label: '8–14 days to go', minDays: 8, maxDays: 14 },
  { id: 'near', label: '3–7 days to go', minDays: 3, maxDays: 7 },
  { id: 'imminent', label: '1–2 days to go', minDays: 1, maxDays: 2 },
  { id: 'today', label: 'the day itself', minDays: 0, maxDays: 0 },
] as const;
export type UrgencyId = (typeof URGENCY_BANDS)[number]['id'];
const URGENCY_IDS = URGENCY_BANDS.map((b) => b.id) as [UrgencyId, ...UrgencyId[]];

export const ReminderCellSchema = z.strictObject({
  /** Remind every N days within the band (from its far end); null: no reminders in this band. */
  everyDays: z.number().int().min(1).max(30).nullable(),
  notify: z.array(z.strictObject({ audience: z.enum(AUDIENCES), channel: z.enum(CHANNELS) })),
});
export type ReminderCell = z.infer<typeof ReminderCellSchema>;

export const ReminderMatrixSchema = z.record(z.enum(IMPORTANCE_LEVELS), z.record(z.enum(URGENCY_IDS), ReminderCellSchema));
export type ReminderMatrix = z.infer<typeof ReminderMatrixSchema>;

const none: ReminderCell = { everyDays: null, notify: [] };
const owner = { audience: 'owner', channel: 'email' } as const;
const customer = { audience: 'customer', channel: 'email' } as const;
const finance = { audience: 'finance', channel: 'email' } as const;
const assignees = { audience: 'assignees', channel: 'email' } as const;

export const REMINDER_MATRIX: ReminderMatrix = {
  minor: {
    distant: none,
    approaching: none,
    near: { everyDays: 7, notify: [owner, customer] },
    imminent: { everyDays: 2, notify: [owner] },
    today: { everyDays: 1, notify: [owner, customer, finance] },
  },
  standard: {
    distant: none,
    approaching: { everyDays: 7, notify: [owner] },
    near: { everyDays: 7, notify: [owner, customer, finance] },
    imminent: { everyDays: 1, notify: [owner, assignees] },
    today: { everyDays: 1, notify: [owner, assignees, customer, finance, { audience: 'teamLead', channel: 'portal' }] },
  },
  major: {
    distant: { everyDays: 14, notify: [owner] },
    approaching: { everyDays: 7, notify: [owner] },
    near: { everyDays: 2, notify: [owner, customer, finance, { audience: 'teamLead', channel: 'portal' }] },
    imminent: { everyDays: 1, notify: [owner, assignees, finance, { audience: 'teamLead', channel: 'email' }] },
    today: { everyDays: 1, notify: [owner, assignees, customer, finance, { audience: 'teamLead', channel: 'email' }] },
  },
  key: {
    distant: { everyDays: 7, notify: [owner] },
    approaching: { everyDays: 3, notify: [owner, { audience: 'teamLead', channel: 'portal' }] },
    near: { everyDays: 1, notify: [owner, customer, finance, { audience: 'teamLead', channel: 'email' }] },
    imminent: { everyDays: 1, notify: [owner, assignees, finance, { audience: 'teamLead', channel: 'email' }, { audience: 'management', channel: 'portal' }] },
    today: { everyDays: 1, notify: [owner, assignees, customer, finance, { audience: 'teamLead', channel: 'email' }, { audience: 'management', channel: 'email' }] },
  },
};

export function urgencyOf(daysLeft: number): UrgencyId | undefined {
  return URGENCY_BANDS.find((b) => daysLeft >= b.minDays && daysLeft <= b.maxDays)?.id;
}

/**
 * The reminder steps (days before the deadline) for an importance, latest-first order reversed: far to near.
 * @example reminderSteps('standard') // [14, 7, 2, 1, 0]
 */
export function reminderSteps(importance: Importance, matrix: ReminderMatrix = REMINDER_MATRIX): number[] {
  const steps = new Set<number>();
  for (const band of URGENCY_BANDS) {
    const every = matrix[importance]?.[band.id]?.everyDays;
    if (!every) continue;
    for (let d = band.maxDays; d >= band.minDays; d -= every) steps.add(d);
  }
  return [...steps].sort((a, b) => b - a);
}

/** The matrix cell for a step. */
export function reminderCell(importance: Importance, daysBefore: number, matrix: ReminderMatrix = REMINDER_MATRIX): ReminderCell {
  const urgency = urgencyOf(daysBefore);
  return (urgency && matrix[importance]?.[urgency]) || none;
}

/** Round the clock, every day: the schedule of a recipient who has no working hours (UTC days). */
export const ALWAYS: WorkingHours = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' };

export interface ScheduledStep {
  daysBefore: number;
  /** When the step falls due for this recipient (epoch ms). */
  firesAt: number;
}

/**
 * When each step falls due for a recipient: the start of their working day, `daysBefore` local calendar
 * days before the deadline, moved back to the previous working day when it falls on a day off. Steps that
 * land on the same instant collapse to the nearest one (a Friday does not send Saturday's and Sunday's).
 * @example reminderSchedule('2027-04-01', [7, 3], 'Europe/Amsterdam', officeHours)[1].firesAt // Date.parse('2027-03-29T07:00:00Z'): 09:00 CEST
 */
export function reminderSchedule(deadlineDate: string, steps: readonly number[], zone: string, hours: WorkingHours): ScheduledStep[] {
  const [h, m] = hours.start.split(':').map(Number) as [number, number];
  const deadline = DateTime.fromISO(deadlineDate, { zone });
  const byInstant = new Map<number, number>();
  for (const s of steps) {
    let day = deadline.minus({ days: s });
    for (let i = 0; i < 7 && !hours.days.includes(day.weekday); i++) day = day.minus({ days: 1 });
    const firesAt = day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
    const known = byInstant.get(firesAt);
    byInstant.set(firesAt, known === undefined ? s : Math.min(known, s));
  }
  return [...byInstant].map(([firesAt, daysBefore]) => ({ daysBefore, firesAt })).sort((a, b) => a.firesAt - b.firesAt);
}

/**
 * The step due for a recipient now — the latest one reached — if the deadline has not passed in their
 * zone and it is their working time; undefined otherwise (the next hourly run tries again).
 * @example dueStepFor('2027-04-01', [7, 3, 0], 'Europe/Amsterdam', officeHours, Date.parse('2027-03-29T07:00:00Z')) // { daysBefore: 3, … }
 */
export function dueStepFor(deadlineDate: string, steps: readonly number[], zone: string, hours: WorkingHours, now: number): ScheduledStep | undefined {
  if (now > DateTime.fromISO(deadlineDate, { zone }).endOf('day').toMillis()) return undefined;
  const reached = reminderSchedule(deadlineDate, steps, zone, hours).filter((s) => s.firesAt <= now);
  const latest = reached[reached.length - 1];
  if (!latest || !isWorkingTime(hours, zone, now)) return undefined;
  return latest;
}
