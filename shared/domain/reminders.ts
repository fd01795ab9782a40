/**
 * Deadline reminders: before the latest shipment date, the L/C presentation deadline and expiry, and the
 * payment due date. Each deadline has steps (days before); a step fires once, and never after the
 * deadline's evidence is on record.
 */
import { DateTime } from 'luxon';
import type { EvidenceKind } from './evidence';
import type { LifecycleFacts } from './lifecycle';

export interface ReminderRule {
  deadline: 'latestShipment' | 'lcPresentation' | 'lcExpiry' | 'paymentDue';
  label: string;
  /** Days before the deadline at which to remind. */
  stepsDaysBefore: readonly number[];
  /** Evidence that meets the deadline: once on record, no more reminders. */
  metBy: readonly EvidenceKind[];
  dateOf(facts: LifecycleFacts, evidence: ReadonlyMap<EvidenceKind, string>): string | undefined;
}

export const REMINDER_RULES: readonly ReminderRule[] = [
  { deadline: 'latestShipment', label: 'latest shipment date', stepsDaysBefore: [14, 7, 2, 0], metBy: ['shipped'], dateOf: (f) => f.latestShipmentDate },
  { deadline: 'lcPresentation', label: 'L/C presentation deadline', stepsDaysBefore: [7, 3, 1], metBy: ['documentsPresented', 'paymentReceived'], dateOf: (f) => f.latestPresentationDate },
  { deadline: 'lcExpiry', label: 'L/C expiry', stepsDaysBefore: [10, 3], metBy: ['documentsPresented', 'paymentReceived'], dateOf: (f) => f.lcExpiryDate },
  {
    deadline: 'paymentDue',
    label: 'payment due date',
    stepsDaysBefore: [7, 1, 0],
    metBy: ['paymentReceived'],
    // O/A: days after delivery; D/A and T/T "days after B/L": days after shipment (B/L date).
    dateOf: (f, ev) => {
      if (f.paymentDays === undefined) return undefined;
      const base = f.paymentMethod === 'OA' ? ev.get('delivered') : f.paymentMethod === 'DA' || f.paymentMethod === 'TT' ? ev.get('shipped') : undefined;
      return base ? DateTime.fromISO(base, { setZone: true }).plus({ days: f.paymentDays }).toISODate() ?? undefined : undefined;
    },
  },
];

export interface DueReminder {
  deadline: ReminderRule['deadline'];
  label: string;
  date: string;
  daysBefore: number;
  /** Once-key: the same step of the same deadline never fires twice. */
  key: string;
}

/**
 * Reminder steps due at `now` (the latest step reached, per deadline) that the evidence has not made moot.
 * @example dueReminders(facts, new Map(), Date.parse('2027-02-08T09:00:00Z')) // [{ deadline: 'latestShipment', daysBefore: 7, … }]
 */
export function dueReminders(facts: LifecycleFacts, evidence: ReadonlyMap<EvidenceKind, string>, now: number): DueReminder[] {
  const out: DueReminder[] = [];
  for (const rule of REMINDER_RULES) {
    if (rule.metBy.some((k) => evidence.has(k))) continue;
    const date = rule.dateOf(facts, evidence);
    if (!date) continue;
    const deadlineStart = DateTime.fromISO(date, { zone: 'UTC' }).startOf('day');
    const daysLeft = Math.floor(deadlineStart.diff(DateTime.fromMillis(now, { zone: 'UTC' }).startOf('day'), 'days').days);
    if (daysLeft < 0) continue; // past: the anomaly rules and escalations take over
    const step = [...rule.stepsDaysBefore].sort((a, b) => a - b).find((d) => daysLeft <= d);
    if (step === undefined) continue;
    out.push({ deadline: rule.deadline, label: rule.label, date, daysBefore: step, key: `${rule.deadline}#${date}#${step}` });
  }
  return out;
}
