/**
 * Which stages apply to a contract, and how long each wait may last before it escalates.
 * Rules as data: the approval policy, the Incoterm responsibilities and the escalation cadence.
 */
import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import { endOfCalendarDayAnywhere } from './calendar-date';
import type { LifecycleFacts, LifecyclePlan, Stage } from './lifecycle';
import { STAGES, waitingStages } from './lifecycle';
import { INCOTERMS_2020, type IncotermRule } from './incoterms';


/**
 * Approval policy: a contract needs an approver when any rule fires. Thresholds are per currency so that
 * no exchange rate is needed at approval time; a currency without a threshold always needs approval.
 */
export const APPROVAL_POLICY = {
  valueThresholds: { USD: '250000', EUR: '230000', GBP: '200000', CNY: '1800000', JPY: '37000000', CHF: '220000', KWD: '77000' } as Record<string, string>,
  newCustomer: true,
  nonStandardTerms: true,
  /** Open account to a new customer is credit risk without security. */
  openAccountNeedsApproval: true,
} as const;

/**
 * Decide which stages apply.
 * @example planLifecycle(facts).requiresSecurity // true for an L/C or a T/T deposit
 */
export function planLifecycle(facts: LifecycleFacts): LifecyclePlan {
  const reasons: string[] = [];
  const threshold = APPROVAL_POLICY.valueThresholds[facts.currency];
  if (threshold === undefined) reasons.push(`No approval threshold is set for ${facts.currency}: every contract in it needs approval.`);
  else if (new Decimal(facts.totalAmount).greaterThanOrEqualTo(threshold)) reasons.push(`Value ${facts.totalAmount} ${facts.currency} is at or above the ${threshold} ${facts.currency} threshold.`);
  if (APPROVAL_POLICY.newCustomer && facts.customerIsNew) reasons.push('New customer.');
  if (APPROVAL_POLICY.nonStandardTerms && facts.nonStandardTerms) reasons.push('Non-standard terms.');
  if (APPROVAL_POLICY.openAccountNeedsApproval && facts.paymentMethod === 'OA' && facts.customerIsNew) reasons.push('Open account for a new customer.');

  const incoterm = INCOTERMS_2020[facts.incoterm as IncotermRule];
  if (!incoterm) throw new Error(`planLifecycle: unknown Incoterm ${facts.incoterm}; validate the contract first`);
  const deposit = facts.paymentMethod === 'TT' && new Decimal(facts.depositPercent).greaterThan(0);
  const securityKind = facts.paymentMethod === 'LC' ? 'LC' : deposit ? 'DEPOSIT' : null;
  return {
    approvalRequired: reasons.length > 0,
    approvalReasons: reasons,
    requiresSecurity: securityKind !== null,
    securityKind,
    inspectionRequired: facts.inspectionRequired,
    customsBySeller: incoterm.sellerClearsImport,
    bookingBy: incoterm.sellerContractsCarriage ? 'SELLER' : 'BUYER',
    insuranceBy: incoterm.sellerInsures ? 'SELLER' : 'BUYER',
    paymentMethod: facts.paymentMethod,
  };
}

/** Repeat cadence after each escalation: level 1 waits a day more, then two, three, then weekly. */
export const ESCALATION_REPEAT_HOURS = [24, 48, 72, 168] as const;
/** Shortest wait ever handed to Step Functions. */
export const MIN_WAIT_SECONDS = 3600;


/**
 * The deadline (epoch ms) a stage's wait is held to, when the contract's own dates set one.
 * Latest shipment date bounds booking and loading; the L/C presentation date (+5 banking days for the
 * bank's examination, UCP 600 art. 14(b), taken as 7 calendar days) bounds payment under an L/C.
 */
export function stageDeadline(stage: Stage, facts: LifecycleFacts): number | undefined {
  if ((stage === 'BOOKED' || stage === 'BOOKING') && facts.latestShipmentDate) return endOfCalendarDayAnywhere(facts.latestShipmentDate);
  if (stage === 'AWAITING_PAYMENT_SECURITY' && facts.paymentMethod === 'LC' && facts.latestShipmentDate) {
    // The L/C must be workable well before the latest shipment date.
    return DateTime.fromMillis(endOfCalendarDayAnywhere(facts.latestShipmentDate)).minus({ days: 21 }).toMillis();
  }
  if (stage === 'PAYMENT_OUTSTANDING' && facts.paymentMethod === 'LC' && facts.latestPresentationDate) {
    return DateTime.fromMillis(endOfCalendarDayAnywhere(facts.latestPresentationDate)).plus({ days: 7 }).toMillis();
  }
  return undefined;
}

/**
 * Seconds each waiting stage may wait from `now` before its Catch escalates: the contract deadline when
 * there is one, the stage SLA otherwise; never below MIN_WAIT_SECONDS. An escalated stage waits the
 * cadence of its escalation level instead.
 */
export function waitTimeouts(facts: LifecycleFacts, now: number, escalationLevels: Partial<Record<Stage, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stage of waitingStages) {
    const level = escalationLevels[stage] ?? 0;
    let seconds: number;
    if (level > 0) {
      seconds = ESCALATION_REPEAT_HOURS[Math.min(level, ESCALATION_REPEAT_HOURS.length) - 1]! * 3600;
    } else {
      const deadline = stageDeadline(stage, facts);
      seconds = deadline !== undefined ? Math.floor((deadline - now) / 1000) : STAGES[stage].slaHours * 3600;
    }
    out[stage] = Math.max(MIN_WAIT_SECONDS, seconds);
  }
  return out;
}
