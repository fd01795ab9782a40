/**
 * Exception classes as data: what can go wrong on a contract, how serious it is (severity rules), where it
 * comes from (a wait that timed out, an anomaly flag, a person) and what resolves it. The escalation tree
 * decides who hears about it; the playbooks decide what gets done.
 */
import * as z from 'zod';
import type { Stage } from '../lifecycle';
import { stageNames } from '../lifecycle';
import { IMPORTANCE_LEVELS, type Importance } from './importance';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

export const EXCEPTION_CLASS_IDS = [
  'documentary-discrepancy',
  'lc-amendment-needed',
  'payment-overdue',
  'shipment-delayed',
  'missed-latest-shipment-date',
  'quality-inspection-failure',
  'customs-hold',
  'partner-event-quarantined',
  'data-conflict',
  'force-majeure',
] as const;
export type ExceptionClassId = (typeof EXCEPTION_CLASS_IDS)[number];

const StageEnum = z.enum(stageNames as [Stage, ...Stage[]]);

export const SeverityConditionSchema = z.strictObject({
  importance: z.array(z.enum(IMPORTANCE_LEVELS)).optional(),
  paymentMethods: z.array(z.enum(['TT', 'LC', 'DP', 'DA', 'OA'])).optional(),
  /** Days left to the latest shipment date at most (negative: past). */
  maxDaysToLatestShipment: z.number().int().optional(),
  maxDaysToPresentation: z.number().int().optional(),
  /** Days the exception (or the overdue item) has been open, at least. */
  minDaysOpen: z.number().int().min(0).optional(),
  /** Data conflicts on any of these contract fields. */
  fields: z.array(z.string()).optional(),
});
export type SeverityCondition = z.infer<typeof SeverityConditionSchema>;

export const ExceptionClassSchema = z.strictObject({
  id: z.enum(EXCEPTION_CLASS_IDS),
  label: z.string().min(3),
  description: z.string().min(10),
  /** How the exception is raised, in words (for the docs). */
  raisedBy: z.array(z.string().min(3)).min(1),
  baseSeverity: z.enum(SEVERITIES),
  /** Each matching rule can raise the severity (never lower it below the base). */
  severityRules: z.array(z.strictObject({ id: z.string().min(1), when: SeverityConditionSchema, severity: z.enum(SEVERITIES), why: z.string().min(5) })),
  /** Reaching any of these stages resolves the exception (besides leaving the stage that timed out). */
  resolvedAtStages: z.array(StageEnum),
});
export type ExceptionClass = z.infer<typeof ExceptionClassSchema>;

export const ExceptionPolicySchema = z.strictObject({
  classes: z.array(ExceptionClassSchema).length(EXCEPTION_CLASS_IDS.length),
  /** Which class a timed-out wait raises, by stage; `pastLatestShipment` rows apply once the latest shipment date has passed. */
  timeouts: z.array(z.strictObject({ stages: z.array(StageEnum).min(1), exceptionClass: z.enum(EXCEPTION_CLASS_IDS), pastLatestShipment: z.boolean().optional() })),
  /** Which class an anomaly flag raises. */
  flags: z.record(z.string(), z.enum(EXCEPTION_CLASS_IDS)),
});
export type ExceptionPolicy = z.infer<typeof ExceptionPolicySchema>;

const AFTER_SHIPMENT: Stage[] = ['SHIPPED', 'ARRIVED', 'CUSTOMS_CLEARED', 'DELIVERED'];

export const EXCEPTION_POLICY: ExceptionPolicy = {
  classes: [
    {
      id: 'documentary-discrepancy', label: 'Documentary discrepancy',
      description: 'The L/C or the shipping documents do not match the contract or each other; the bank may refuse to pay.',
      raisedBy: ['an issued L/C that does not match the contract (MT700 check)', 'anomaly flag LC_DISCREPANCY', 'by hand'],
      baseSeverity: 'high',
      severityRules: [
        { id: 'presentation-close', when: { maxDaysToPresentation: 5 }, severity: 'critical', why: 'The presentation deadline is 5 days away or less.' },
        { id: 'key-contract', when: { importance: ['key'] }, severity: 'critical', why: 'A key contract.' },
      ],
      resolvedAtStages: ['PAID'],
    },
    {
      id: 'lc-amendment-needed', label: 'L/C amendment needed',
      description: 'The credit must change (dates, amount, terms) before the seller can comply.',
      raisedBy: ['anomaly flag SHIPPED_AFTER_LATEST_SHIPMENT_DATE under an L/C', 'by hand'],
      baseSeverity: 'high',
      severityRules: [{ id: 'shipment-close', when: { maxDaysToLatestShipment: 7 }, severity: 'critical', why: 'The latest shipment date is a week away or less.' }],
      resolvedAtStages: ['PAID'],
    },
    {
      id: 'payment-overdue', label: 'Payment overdue',
      description: 'The payment security (L/C, deposit) or the payment itself is late.',
      raisedBy: ['a timed-out wait in AWAITING_PAYMENT_SECURITY or PAYMENT_OUTSTANDING', 'by hand'],
      baseSeverity: 'medium',
      severityRules: [
        { id: 'week-late', when: { minDaysOpen: 7 }, severity: 'high', why: 'Open for a week or more.' },
        { id: 'month-late', when: { minDaysOpen: 30 }, severity: 'critical', why: 'Open for a month or more.' },
        { id: 'open-account-major', when: { paymentMethods: ['OA', 'DA'], importance: ['major', 'key'] }, severity: 'high', why: 'Unsecured credit on a major contract.' },
      ],
      resolvedAtStages: ['PAID'],
    },
    {
      id: 'shipment-delayed', label: 'Shipment delayed',
      description: 'Production, inspection, booking or the voyage takes longer than planned.',
      raisedBy: ['a timed-out wait in PRODUCTION, INSPECTION, BOOKING, BOOKED (before the latest shipment date), SHIPPED or CUSTOMS_CLEARED', 'anomaly flag LATEST_SHIPMENT_AT_RISK', 'by hand'],
      baseSeverity: 'medium',
      severityRules: [
        { id: 'shipment-close', when: { maxDaysToLatestShipment: 7 }, severity: 'high', why: 'The latest shipment date is a week away or less.' },
        { id: 'key-contract', when: { importance: ['key'] }, severity: 'high', why: 'A key contract.' },
      ],
      resolvedAtStages: [],
    },
    {
      id: 'missed-latest-shipment-date', label: 'Missed latest shipment date',
      description: 'The goods were not shipped by the latest shipment date.',
      raisedBy: ['a timed-out wait in BOOKING or BOOKED after the latest shipment date'],
      baseSeverity: 'high',
      severityRules: [
        { id: 'under-lc', when: { paymentMethods: ['LC'] }, severity: 'critical', why: 'Under an L/C the documents will be discrepant: an amendment is needed.' },
        { id: 'key-contract', when: { importance: ['key'] }, severity: 'critical', why: 'A key contract.' },
      ],
      resolvedAtStages: AFTER_SHIPMENT,
    },
    {
      id: 'quality-inspection-failure', label: 'Quality / inspection failure',
      description: 'The pre-shipment inspection failed or the buyer rejects the quality.',
      raisedBy: ['evidence inspectionFailed', 'by hand'],
      baseSeverity: 'high',
      severityRules: [{ id: 'shipment-close', when: { maxDaysToLatestShipment: 14 }, severity: 'critical', why: 'Two weeks or less to the latest shipment date.' }],
      resolvedAtStages: ['BOOKING', 'BOOKED', ...AFTER_SHIPMENT],
    },
    {
      id: 'customs-hold', label: 'Customs hold',
      description: 'Customs hold the goods (inspection, missing documents, classification).',
      raisedBy: ['a timed-out wait in ARRIVED', 'by hand'],
      baseSeverity: 'medium',
      severityRules: [
        { id: 'three-days', when: { minDaysOpen: 3 }, severity: 'high', why: 'Held three days or more (demurrage accrues).' },
        { id: 'ten-days', when: { minDaysOpen: 10 }, severity: 'critical', why: 'Held ten days or more.' },
      ],
      resolvedAtStages: ['CUSTOMS_CLEARED', 'DELIVERED'],
    },
    {
      id: 'partner-event-quarantined', label: 'Partner event quarantined',
      description: 'A carrier, bank or ERP event for this contract could not be applied and waits in quarantine.',
      raisedBy: ['by hand when a quarantined event is linked to the contract'],
      baseSeverity: 'low',
      severityRules: [{ id: 'unreviewed', when: { minDaysOpen: 2 }, severity: 'medium', why: 'Unreviewed for two days.' }],
      resolvedAtStages: [],
    },
    {
      id: 'data-conflict', label: 'Data conflict (ERP vs contract)',
      description: "The ERP's sales order disagrees with the contract terms.",
      raisedBy: ['anomaly flag DATA_CONFLICT (a partner withdrew evidence the contract had moved on)', 'by hand (ERP reconciliation)'],
      baseSeverity: 'medium',
      severityRules: [{ id: 'money-or-terms', when: { fields: ['totalAmount', 'currency', 'incoterms', 'paymentTerms', 'shipment.latestShipmentDate'] }, severity: 'high', why: 'The conflict touches money, Incoterms, payment terms or the shipment date.' }],
      resolvedAtStages: [],
    },
    {
      id: 'force-majeure', label: 'Force majeure',
      description: 'An event beyond the parties’ control (port closure, strike, disaster) prevents performance.',
      raisedBy: ['by hand'],
      baseSeverity: 'critical',
      severityRules: [],
      resolvedAtStages: [],
    },
  ],
  timeouts: [
    { stages: ['BOOKING', 'BOOKED'], exceptionClass: 'missed-latest-shipment-date', pastLatestShipment: true },
    { stages: ['AWAITING_PAYMENT_SECURITY', 'PAYMENT_OUTSTANDING'], exceptionClass: 'payment-overdue' },
    { stages: ['PRODUCTION', 'INSPECTION', 'BOOKING', 'BOOKED', 'SHIPPED', 'CUSTOMS_CLEARED'], exceptionClass: 'shipment-delayed' },
    { stages: ['ARRIVED'], exceptionClass: 'customs-hold' },
  ],
  flags: {
    LC_DISCREPANCY: 'documentary-discrepancy',
    SHIPPED_AFTER_LATEST_SHIPMENT_DATE: 'lc-amendment-needed',
    LATEST_SHIPMENT_AT_RISK: 'shipment-delayed',
    DATA_CONFLICT: 'data-conflict',
  },
};

export interface SeverityInput {
  importance: Importance;
  paymentMethod: string;
  daysToLatestShipment?: number;
  daysToPresentation?: number;
  daysOpen: number;
  fields?: readonly string[];
}

const matches = (w: SeverityCondition, i: SeverityInput): boolean =>
  (w.importance === undefined || w.importance.includes(i.importance)) &&
  (w.paymentMethods === undefined || (w.paymentMethods as readonly string[]).includes(i.paymentMethod)) &&
  (w.maxDaysToLatestShipment === undefined || (i.daysToLatestShipment !== undefined && i.daysToLatestShipment <= w.maxDaysToLatestShipment)) &&
  (w.maxDaysToPresentation === undefined || (i.daysToPresentation !== undefined && i.daysToPresentation <= w.maxDaysToPresentation)) &&
  (w.minDaysOpen === undefined || i.daysOpen >= w.minDaysOpen) &&
  (w.fields === undefined || (i.fields ?? []).some((f) => w.fields!.some((g) => f === g || f.startsWith(`${g}.`))));

export function exceptionClass(id: ExceptionClassId, policy: ExceptionPolicy = EXCEPTION_POLICY): ExceptionClass {
  const found = policy.classes.find((c) => c.id === id);
  if (!found) throw new Error(`No exception class ${id} in the policy`);
  return found;
}

/**
 * The severity of an exception now: the class's base, raised by every matching rule; with the reasons.
 * @example severityOf('missed-latest-shipment-date', { importance: 'standard', paymentMethod: 'LC', daysOpen: 0 }) // { severity: 'critical', reasons: [...] }
 */
export function severityOf(id: ExceptionClassId, input: SeverityInput, policy: ExceptionPolicy = EXCEPTION_POLICY): { severity: Severity; reasons: string[] } {
  const cls = exceptionClass(id, policy);
  let severity = cls.baseSeverity;
  const reasons = [`${cls.label}: ${cls.baseSeverity} by default.`];
  for (const rule of cls.severityRules) {
    if (!matches(rule.when, input)) continue;
    reasons.push(`${rule.why} → ${rule.severity}.`);
    if (severityRank(rule.severity) > severityRank(severity)) severity = rule.severity;
  }
  return { severity, reasons };
}

/**
 * The class a timed-out wait raises, or undefined (approval and signature waits only escalate).
 * @example classForTimeout('BOOKED', true) // 'missed-latest-shipment-date'
 */
export function classForTimeout(stage: Stage, pastLatestShipment: boolean, policy: ExceptionPolicy = EXCEPTION_POLICY): ExceptionClassId | undefined {
  return policy.timeouts.find((t) => t.stages.includes(stage) && (t.pastLatestShipment === undefined || t.pastLatestShipment === pastLatestShipment))?.exceptionClass;
}
