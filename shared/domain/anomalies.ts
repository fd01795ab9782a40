/**
 * Anomaly rules as data: each looks at a contract, its evidence and the time, and returns a flag with a
 * severity and the reason in a clerk's words. Flags are stored on the contract and listable by flag.
 */
import { endOfCalendarDayAnywhere } from './calendar-date';
import type { ContractRecord } from './contract-record';
import type { Evidence } from './evidence';
import { isActual, provenKinds } from './evidence';
import type { LifecycleFacts, LifecyclePlan } from './lifecycle';
import { STAGES } from './lifecycle';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface AnomalyFlag {
  flag: string;
  severity: Severity;
  reason: string;
}

export interface AnomalyInput {
  record: Pick<ContractRecord, 'stage' | 'paymentStage' | 'logisticsStage' | 'stageEnteredAt' | 'overlays'>;
  facts: LifecycleFacts;
  plan: LifecyclePlan;
  evidence: ReadonlyArray<Pick<Evidence, 'kind' | 'classifier' | 'occurredAt' | 'recordedAt'>>;
  now: number;
}

export interface AnomalyRule {
  flag: string;
  description: string;
  check(input: AnomalyInput): Omit<AnomalyFlag, 'flag'> | null;
}

const DAY = 86_400_000;
const firstActual = (input: AnomalyInput, kind: Evidence['kind']) =>
  input.evidence.filter((e) => e.kind === kind && isActual(e)).map((e) => Date.parse(e.occurredAt)).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b)[0];

/** The rules, in the order their flags are shown. */
export const ANOMALY_RULES: readonly AnomalyRule[] = [
  {
    flag: 'STUCK_BEYOND_SLA',
    description: 'A track has stayed in its stage longer than the stage SLA.',
    check: ({ record, now }) => {
      for (const [track, stage] of [['main', record.stage], ['payment', record.paymentStage], ['logistics', record.logisticsStage]] as const) {
        if (!stage) continue;
        const since = record.stageEnteredAt[track];
        const sla = STAGES[stage].slaHours;
        if (!since || !sla) continue;
        const hours = (now - Date.parse(since)) / 3_600_000;
        if (hours > sla) return { severity: hours > 2 * sla ? 'high' : 'medium', reason: `${STAGES[stage].label} for ${Math.floor(hours / 24)} days; the SLA is ${sla / 24} days.` };
      }
      return null;
    },
  },
  {
    flag: 'SHIPPED_BEFORE_SECURITY',
    description: 'Goods shipped before the required payment security (L/C or deposit) was in place.',
    check: ({ plan, evidence }) => {
      if (!plan.requiresSecurity) return null;
      const shipped = evidence.filter((e) => e.kind === 'shipped' && isActual(e)).map((e) => Date.parse(e.occurredAt))[0];
      if (shipped === undefined) return null;
      const securityKind = plan.securityKind === 'LC' ? 'lcIssued' : 'depositReceived';
      const secured = evidence.filter((e) => e.kind === securityKind && isActual(e)).map((e) => Date.parse(e.occurredAt))[0];
      if (secured !== undefined && secured <= shipped) return null;
      return { severity: 'critical', reason: `Goods shipped ${secured === undefined ? 'with no' : 'before the'} ${plan.securityKind === 'LC' ? 'letter of credit' : 'deposit'} in place: the seller is exposed to non-payment.` };
    },
  },
  {
    flag: 'SHIPPED_AFTER_LATEST_SHIPMENT_DATE',
    description: 'Shipment happened after the latest shipment date (under an L/C, the documents will be discrepant).',
    check: (input) => {
      const shipped = firstActual(input, 'shipped');
      if (shipped === undefined || !input.facts.latestShipmentDate) return null;
      if (shipped <= endOfCalendarDayAnywhere(input.facts.latestShipmentDate)) return null;
      return { severity: input.facts.paymentMethod === 'LC' ? 'critical' : 'high', reason: `Shipped after the latest shipment date ${input.facts.latestShipmentDate}${input.facts.paymentMethod === 'LC' ? ': the L/C needs an amendment or the buyer must accept the discrepancy' : ''}.` };
    },
  },
  {
    flag: 'LATEST_SHIPMENT_AT_RISK',
    description: 'Not shipped, and the latest shipment date is within 7 days or past.',
    check: (input) => {
      if (!input.facts.latestShipmentDate || provenKinds(input.evidence).has('shipped')) return null;
      if (input.record.stage !== 'SIGNED') return null;
      const left = endOfCalendarDayAnywhere(input.facts.latestShipmentDate) - input.now;
      if (left > 7 * DAY) return null;
      return { severity: left < 0 ? 'critical' : 'high', reason: left < 0 ? `The latest shipment date ${input.facts.latestShipmentDate} has passed without shipment.` : `${Math.ceil(left / DAY)} days left to ship (latest shipment date ${input.facts.latestShipmentDate}).` };
    },
  },
  {
    flag: 'LC_PRESENTATION_AT_RISK',
    description: 'Under an L/C, documents not yet presented and the presentation deadline is within 5 days or past.',
    check: (input) => {
      if (input.facts.paymentMethod !== 'LC' || !input.facts.latestPresentationDate) return null;
      if (provenKinds(input.evidence).has('documentsPresented') || input.record.paymentStage === 'PAID') return null;
      const left = endOfCalendarDayAnywhere(input.facts.latestPresentationDate) - input.now;
      if (left > 5 * DAY) return null;
      return { severity: 'critical', reason: left < 0 ? `The L/C presentation deadline ${input.facts.latestPresentationDate} has passed.` : `Documents must reach the bank by ${input.facts.latestPresentationDate} (UCP 600 art. 14(c)): ${Math.ceil(left / DAY)} days left.` };
    },
  },
  {
    flag: 'EVIDENCE_OUT_OF_ORDER',
    description: 'A later milestone was reported before the earlier one arrived, or without it (e.g. arrival before any departure).',
    check: ({ evidence }) => {
      const order = ['bookingConfirmed', 'shipped', 'arrived', 'delivered'] as const;
      // When each milestone was first reported: the order partners told us in, not the order things happened.
      const firstReported = new Map<string, string>();
      for (const e of evidence.filter(isActual)) {
        const known = firstReported.get(e.kind);
        if (known === undefined || e.recordedAt < known) firstReported.set(e.kind, e.recordedAt);
      }
      for (let i = order.length - 1; i > 0; i--) {
        const reported = firstReported.get(order[i]!);
        if (reported === undefined) continue;
        const missing = order.slice(0, i).filter((k) => !firstReported.has(k));
        if (missing.length) return { severity: 'low', reason: `${order[i]} was reported but not ${missing.join(', ')}: a partner feed may be missing events.` };
        const late = order.slice(0, i).filter((k) => firstReported.get(k)! > reported);
        if (late.length) return { severity: 'low', reason: `${order[i]} was reported before ${late.join(', ')}: a partner feed delivered out of order.` };
      }
      return null;
    },
  },
];

/**
 * All flags raised now.
 * @example detectAnomalies(input).map((f) => f.flag) // ['SHIPPED_BEFORE_SECURITY']
 */
export function detectAnomalies(input: AnomalyInput): AnomalyFlag[] {
  return ANOMALY_RULES.flatMap((rule) => {
    const hit = rule.check(input);
    return hit ? [{ flag: rule.flag, ...hit }] : [];
  });
}
