/**
 * Deadlines the desk is reminded of: the latest shipment date, the L/C presentation deadline and expiry,
 * and the payment due date. Each has the evidence that meets it (once on record, no more reminders) and
 * says who acts on it. When and to whom reminders go is the reminder matrix
 * (shared/domain/policies/reminder-matrix.ts): importance × urgency → cadence, channel, audience.
 */
import { DateTime } from 'luxon';
import type { EvidenceKind } from './evidence';
import type { LifecycleFacts } from './lifecycle';
import type { Importance } from './policies/importance';
import { ALWAYS, REMINDER_MATRIX, dueStepFor, reminderSteps, type ReminderMatrix } from './policies/reminder-matrix';

export interface ReminderRule {
  deadline: 'latestShipment' | 'lcPresentation' | 'lcExpiry' | 'paymentDue';
  label: string;
  /** Evidence that meets the deadline: once on record, no more reminders. */
  metBy: readonly EvidenceKind[];
  /** The buyer acts on it (pays): the matrix's customer audience applies. */
  customerActs: boolean;
  /** Money is at stake: the matrix's finance audience applies. */
  financeConcerned: boolean;
  dateOf(facts: LifecycleFacts, evidence: ReadonlyMap<EvidenceKind, string>): string | undefined;
}

export const REMINDER_RULES: readonly ReminderRule[] = [
  { deadline: 'latestShipment', label: 'latest shipment date', metBy: ['shipped'], customerActs: false, financeConcerned: false, dateOf: (f) => f.latestShipmentDate },
  { deadline: 'lcPresentation', label: 'L/C presentation deadline', metBy: ['documentsPresented', 'paymentReceived'], customerActs: false, financeConcerned: true, dateOf: (f) => f.latestPresentationDate },
  { deadline: 'lcExpiry', label: 'L/C expiry', metBy: ['documentsPresented', 'paymentReceived'], customerActs: false, financeConcerned: true, dateOf: (f) => f.lcExpiryDate },
  {
    deadline: 'paymentDue',
    label: 'payment due date',
    metBy: ['paymentReceived'],
    customerActs: true,
    financeConcerned: true,
    // O/A: days after delivery; D/A and T/T "days after B/L": days after shipment (B/L date).
    dateOf: (f, ev) => {
      if (f.paymentDays === undefined) return undefined;
      const base = f.paymentMethod === 'OA' ? ev.get('delivered') : f.paymentMethod === 'DA' || f.paymentMethod === 'TT' ? ev.get('shipped') : undefined;
      return base ? DateTime.fromISO(base, { setZone: true }).plus({ days: f.paymentDays }).toISODate() ?? undefined : undefined;
    },
  },
];

export interface OpenDeadline {
  rule: ReminderRule;
  date: string;
}

/** Deadlines with a date whose evidence is not on record yet. */
export function openDeadlines(facts: LifecycleFacts, evidence: ReadonlyMap<EvidenceKind, string>): OpenDeadline[] {
  return REMINDER_RULES.flatMap((rule) => {
    if (rule.metBy.some((k) => evidence.has(k))) return [];
    const date = rule.dateOf(facts, evidence);
    return date ? [{ rule, date }] : [];
  });
}

export interface DueReminder {
  deadline: ReminderRule['deadline'];
  label: string;
  date: string;
  daysBefore: number;
  /** Once-key: the same step of the same deadline never fires twice. */
  key: string;
}

/**
 * Reminder steps due at `now` on UTC calendar days, round the clock (the latest step reached, per
 * deadline), for a contract of the given importance. Per-recipient scheduling (time zone, working hours)
 * is `dueStepFor`; this is the contract-level view.
 * @example dueReminders(facts, new Map(), Date.parse('2027-02-08T09:00:00Z')) // [{ deadline: 'latestShipment', daysBefore: 7, … }]
 */
export function dueReminders(facts: LifecycleFacts, evidence: ReadonlyMap<EvidenceKind, string>, now: number, importance: Importance = 'standard', matrix: ReminderMatrix = REMINDER_MATRIX): DueReminder[] {
  const steps = reminderSteps(importance, matrix);
  return openDeadlines(facts, evidence).flatMap(({ rule, date }) => {
    const due = dueStepFor(date, steps, 'UTC', ALWAYS, now);
    return due ? [{ deadline: rule.deadline, label: rule.label, date, daysBefore: due.daysBefore, key: `${rule.deadline}#${date}#${due.daysBefore}` }] : [];
  });
}
