/**
 * The contract lifecycle as data: stages on three tracks, the transition-condition matrix, and the
 * functions that answer "can this contract move to X, and if not, why not".
 *
 * Money and goods move on parallel tracks. After signature, the payment track (security, then payment)
 * and the logistics track (production … delivery) advance independently; guards that mention the other
 * track are the synchronisation points (no shipment before required payment security; under D/P no
 * release of documents — hence no delivery — before payment). The contract closes when both are done.
 *
 * The ASL workflow is generated from this matrix (infra/tools/generate-asl.ts) and checked against it.
 */
import Decimal from 'decimal.js';
import type { Evidence, EvidenceKind, Role } from './evidence';
import { EVIDENCE_KINDS, provenKinds } from './evidence';

export type Track = 'main' | 'payment' | 'logistics';

/** Facts about a contract that decide which stages apply. Produced by `lifecycleFactsOf(contract)`. */
export interface LifecycleFacts {
  incoterm: string;
  transportMode: string;
  paymentMethod: 'TT' | 'LC' | 'DP' | 'DA' | 'OA';
  /** Decimal string, '0' when no deposit. */
  depositPercent: string;
  inspectionRequired: boolean;
  /** Decimal string in `currency`. */
  totalAmount: string;
  currency: string;
  customerIsNew: boolean;
  nonStandardTerms: boolean;
  strategic: boolean;
  /** Calendar dates (YYYY-MM-DD). */
  latestShipmentDate?: string;
  lcExpiryDate?: string;
  latestPresentationDate?: string;
  paymentDays?: number;
}

export interface StageDefinition {
  track: Track;
  label: string;
  /** What the contract is waiting for while here, in a clerk's words. */
  waitingFor: string;
  /** How long a contract normally stays here before the anomaly rules call it stuck. */
  slaHours: number;
  terminal?: boolean;
  /** Side stages are overlays or exits reachable from any active stage. */
  side?: boolean;
}

/** Stage definitions, in lifecycle order. */
export const STAGES = {
  DRAFT: { track: 'main', label: 'Draft', waitingFor: 'submission by sales', slaHours: 24 * 14 },
  PENDING_APPROVAL: { track: 'main', label: 'Pending approval', waitingFor: "an approver's decision", slaHours: 48 },
  AWAITING_SIGNATURE: { track: 'main', label: 'Awaiting signature', waitingFor: 'signature by both parties', slaHours: 24 * 7 },
  SIGNED: { track: 'main', label: 'Signed, in execution', waitingFor: 'both tracks to complete', slaHours: 24 * 180 },
  AWAITING_PAYMENT_SECURITY: { track: 'payment', label: 'Awaiting payment security', waitingFor: 'the L/C or the deposit', slaHours: 24 * 14 },
  PAYMENT_OUTSTANDING: { track: 'payment', label: 'Payment outstanding', waitingFor: 'payment in full', slaHours: 24 * 60 },
  PAID: { track: 'payment', label: 'Paid', waitingFor: 'nothing', slaHours: 0, terminal: true },
  PRODUCTION: { track: 'logistics', label: 'In production', waitingFor: 'goods ready', slaHours: 24 * 30 },
  INSPECTION: { track: 'logistics', label: 'Awaiting inspection', waitingFor: 'a passed pre-shipment inspection', slaHours: 24 * 7 },
  BOOKING: { track: 'logistics', label: 'Booking freight', waitingFor: 'carrier booking confirmation', slaHours: 24 * 7 },
  BOOKED: { track: 'logistics', label: 'Booked, awaiting loading', waitingFor: 'loading / departure', slaHours: 24 * 14 },
  SHIPPED: { track: 'logistics', label: 'Shipped', waitingFor: 'arrival at the port of discharge', slaHours: 24 * 45 },
  ARRIVED: { track: 'logistics', label: 'Arrived', waitingFor: 'customs clearance or delivery', slaHours: 24 * 10 },
  CUSTOMS_CLEARED: { track: 'logistics', label: 'Customs cleared', waitingFor: 'delivery', slaHours: 24 * 7 },
  DELIVERED: { track: 'logistics', label: 'Delivered', waitingFor: 'nothing', slaHours: 0, terminal: true },
  CLOSED: { track: 'main', label: 'Closed', waitingFor: 'nothing', slaHours: 0, terminal: true },
  CANCELLED: { track: 'main', label: 'Cancelled', waitingFor: 'nothing', slaHours: 0, terminal: true, side: true },
  ON_HOLD: { track: 'main', label: 'On hold', waitingFor: 'release of the hold', slaHours: 24 * 14, side: true },
  DISPUTED: { track: 'main', label: 'Disputed', waitingFor: 'resolution of the dispute', slaHours: 24 * 30, side: true },
} as const satisfies Record<string, StageDefinition>;

export type Stage = keyof typeof STAGES;
export const stageNames = Object.keys(STAGES) as Stage[];
/** Stages where the workflow waits for evidence (non-terminal, non-side). */
export const waitingStages = stageNames.filter((s) => !('terminal' in STAGES[s]) && !('side' in STAGES[s]));

/** Which stages apply, decided once from the contract's facts (and again whenever the contract changes). */
export interface LifecyclePlan {
  approvalRequired: boolean;
  approvalReasons: string[];
  /** An L/C or a deposit must be in place before shipment. */
  requiresSecurity: boolean;
  securityKind: 'LC' | 'DEPOSIT' | null;
  inspectionRequired: boolean;
  /** DDP: the seller clears import customs. */
  customsBySeller: boolean;
  /** Who books main carriage under the Incoterm. */
  bookingBy: 'SELLER' | 'BUYER';
  /** Who insures the main carriage (CIF/CIP: seller). */
  insuranceBy: 'SELLER' | 'BUYER';
  paymentMethod: LifecycleFacts['paymentMethod'];
}

/** A condition on a plan, as data: every listed key must match. */
export type PlanCondition = Partial<{
  approvalRequired: boolean;
  requiresSecurity: boolean;
  inspectionRequired: boolean;
  customsBySeller: boolean;
  paymentMethod: ReadonlyArray<LifecyclePlan['paymentMethod']>;
}>;

export type Guard =
  | { kind: 'evidence'; anyOf: readonly EvidenceKind[]; when?: PlanCondition }
  /** Payment security in place when the plan requires it (sync point payment → logistics). */
  | { kind: 'securityInPlace' }
  /** Payments received (deposit included) cover the contract total. */
  | { kind: 'paidInFull' }
  /** The track has reached its terminal stage. */
  | { kind: 'trackComplete'; track: 'payment' | 'logistics' }
  /** No open overlay of this kind (disputes block closing). */
  | { kind: 'noOpenOverlay'; overlay: 'DISPUTED' | 'ON_HOLD' };

export interface Transition {
  from: Stage;
  to: Stage;
  /** The transition exists in this contract's lifecycle only when the plan matches. */
  when?: PlanCondition;
  guards: readonly Guard[];
  /** Who may request it by hand through the API (asserting the evidence the guard needs). */
  roles: readonly Role[];
}

/**
 * The transition-condition matrix. Order matters where several transitions leave one stage: the first
 * applicable, satisfied one wins.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'DRAFT', to: 'PENDING_APPROVAL', when: { approvalRequired: true }, guards: [{ kind: 'evidence', anyOf: ['submitted'] }], roles: ['sales', 'manager'] },
  { from: 'DRAFT', to: 'AWAITING_SIGNATURE', when: { approvalRequired: false }, guards: [{ kind: 'evidence', anyOf: ['submitted'] }], roles: ['sales', 'manager'] },
  { from: 'PENDING_APPROVAL', to: 'DRAFT', guards: [{ kind: 'evidence', anyOf: ['rejected'] }], roles: ['manager'] },
  { from: 'PENDING_APPROVAL', to: 'AWAITING_SIGNATURE', guards: [{ kind: 'evidence', anyOf: ['approved'] }], roles: ['manager'] },
  { from: 'AWAITING_SIGNATURE', to: 'SIGNED', guards: [{ kind: 'evidence', anyOf: ['signed'] }], roles: ['sales', 'manager'] },
  // payment track
  { from: 'AWAITING_PAYMENT_SECURITY', to: 'PAYMENT_OUTSTANDING', guards: [{ kind: 'securityInPlace' }], roles: ['finance'] },
  { from: 'PAYMENT_OUTSTANDING', to: 'PAID', guards: [{ kind: 'paidInFull' }], roles: ['finance'] },
  // logistics track
  { from: 'PRODUCTION', to: 'INSPECTION', when: { inspectionRequired: true }, guards: [{ kind: 'evidence', anyOf: ['productionComplete'] }], roles: ['operations'] },
  { from: 'PRODUCTION', to: 'BOOKING', when: { inspectionRequired: false }, guards: [{ kind: 'evidence', anyOf: ['productionComplete'] }], roles: ['operations'] },
  { from: 'INSPECTION', to: 'BOOKING', guards: [{ kind: 'evidence', anyOf: ['inspectionPassed'] }], roles: ['operations'] },
  { from: 'BOOKING', to: 'BOOKED', guards: [{ kind: 'evidence', anyOf: ['bookingConfirmed'] }], roles: ['operations'] },
  { from: 'BOOKED', to: 'SHIPPED', guards: [{ kind: 'evidence', anyOf: ['shipped'] }, { kind: 'securityInPlace' }], roles: ['operations'] },
  { from: 'SHIPPED', to: 'ARRIVED', guards: [{ kind: 'evidence', anyOf: ['arrived'] }], roles: ['operations'] },
  { from: 'ARRIVED', to: 'CUSTOMS_CLEARED', when: { customsBySeller: true }, guards: [{ kind: 'evidence', anyOf: ['customsCleared'] }], roles: ['operations'] },
  {
    from: 'ARRIVED',
    to: 'DELIVERED',
    when: { customsBySeller: false },
    guards: [
      { kind: 'evidence', anyOf: ['delivered'] },
      // D/P: documents (and so the goods) are released only against payment; D/A: against acceptance.
      { kind: 'evidence', anyOf: ['paymentReceived'], when: { paymentMethod: ['DP'] } },
      { kind: 'evidence', anyOf: ['draftAccepted', 'paymentReceived'], when: { paymentMethod: ['DA'] } },
    ],
    roles: ['operations'],
  },
  { from: 'CUSTOMS_CLEARED', to: 'DELIVERED', guards: [{ kind: 'evidence', anyOf: ['delivered'] }], roles: ['operations'] },
  // closing: both tracks complete and nothing in dispute
  {
    from: 'SIGNED',
    to: 'CLOSED',
    guards: [
      { kind: 'trackComplete', track: 'payment' },
      { kind: 'trackComplete', track: 'logistics' },
      { kind: 'noOpenOverlay', overlay: 'DISPUTED' },
    ],
    roles: ['manager', 'finance'],
  },
];

/** Side transitions: from any active (non-terminal) stage. Holds and disputes are overlays on the tracks. */
export const SIDE_TRANSITIONS = {
  CANCELLED: { roles: ['manager'] as readonly Role[], reasonRequired: true },
  ON_HOLD: { roles: ['operations', 'finance', 'manager'] as readonly Role[], reasonRequired: true },
  DISPUTED: { roles: ['sales', 'finance', 'manager'] as readonly Role[], reasonRequired: true },
} as const;

/** Where each track starts, given the plan. */
export function trackStart(track: 'payment' | 'logistics', plan: LifecyclePlan): Stage {
  if (track === 'payment') return plan.requiresSecurity ? 'AWAITING_PAYMENT_SECURITY' : 'PAYMENT_OUTSTANDING';
  return 'PRODUCTION';
}

export function planMatches(plan: LifecyclePlan, condition: PlanCondition | undefined): boolean {
  if (!condition) return true;
  for (const [key, expected] of Object.entries(condition)) {
    const actual = plan[key as keyof LifecyclePlan];
    if (Array.isArray(expected)) {
      if (!expected.includes(actual as never)) return false;
    } else if (actual !== expected) return false;
  }
  return true;
}

/** Transitions out of `from` that exist for this plan, in matrix order. */
export function transitionsFrom(from: Stage, plan: LifecyclePlan): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from && planMatches(plan, t.when));
}

/** The state of a contract that guards read, besides its evidence. */
export interface LifecycleState {
  stage: Stage;
  paymentStage?: Stage;
  logisticsStage?: Stage;
  overlays: ReadonlyArray<{ kind: 'ON_HOLD' | 'DISPUTED'; openedAt: string; reason: string; closedAt?: string }>;
}

export interface UnmetCondition {
  /** Stable code for machines, e.g. `evidence:shipped`, `securityInPlace`. */
  code: string;
  message: string;
}

export interface GuardContext {
  facts: LifecycleFacts;
  plan: LifecyclePlan;
  state: LifecycleState;
  evidence: ReadonlyArray<Pick<Evidence, 'kind' | 'classifier' | 'amount'>>;
}

/** Sum of actual payments (deposit included) in the contract currency. Other currencies are not counted. */
export function amountReceived(ctx: Pick<GuardContext, 'facts' | 'evidence'>): Decimal {
  return ctx.evidence
    .filter((e) => (e.kind === 'paymentReceived' || e.kind === 'depositReceived') && e.classifier !== 'EST' && e.classifier !== 'PLN')
    .filter((e) => e.amount && e.amount.currency === ctx.facts.currency)
    .reduce((sum, e) => sum.plus(new Decimal(e.amount!.value)), new Decimal(0));
}

function securityInPlace(ctx: GuardContext, proven: Set<EvidenceKind>): UnmetCondition | null {
  if (!ctx.plan.requiresSecurity) return null;
  if (ctx.plan.securityKind === 'LC') {
    return proven.has('lcIssued') ? null : { code: 'securityInPlace', message: 'The letter of credit has not been issued yet: no shipment before payment security.' };
  }
  const required = new Decimal(ctx.facts.totalAmount).times(ctx.facts.depositPercent).dividedBy(100);
  const received = amountReceived(ctx);
  if (proven.has('depositReceived') && received.greaterThanOrEqualTo(required)) return null;
  return {
    code: 'securityInPlace',
    message: `The ${ctx.facts.depositPercent}% deposit (${required.toFixed()} ${ctx.facts.currency}) has not been received (received ${received.toFixed()}): no shipment before payment security.`,
  };
}

function checkGuard(guard: Guard, ctx: GuardContext, proven: Set<EvidenceKind>): UnmetCondition | null {
  switch (guard.kind) {
    case 'evidence':
      if (!planMatches(ctx.plan, guard.when)) return null;
      if (guard.anyOf.some((k) => proven.has(k))) return null;
      return {
        code: `evidence:${guard.anyOf.join('|')}`,
        message: `Needs evidence: ${guard.anyOf.map((k) => EVIDENCE_KINDS[k].label).join(' or ')}.`,
      };
    case 'securityInPlace':
      return securityInPlace(ctx, proven);
    case 'paidInFull': {
      const received = amountReceived(ctx);
      const total = new Decimal(ctx.facts.totalAmount);
      if (received.greaterThanOrEqualTo(total)) return null;
      return { code: 'paidInFull', message: `Payments received ${received.toFixed()} ${ctx.facts.currency} do not cover the total ${total.toFixed()} ${ctx.facts.currency}.` };
    }
    case 'trackComplete': {
      const stage = guard.track === 'payment' ? ctx.state.paymentStage : ctx.state.logisticsStage;
      const done = guard.track === 'payment' ? 'PAID' : 'DELIVERED';
      return stage === done ? null : { code: `trackComplete:${guard.track}`, message: `The ${guard.track} track is not complete (at ${stage ?? 'not started'}).` };
    }
    case 'noOpenOverlay': {
      const open = ctx.state.overlays.find((o) => o.kind === guard.overlay && !o.closedAt);
      return open ? { code: `noOpenOverlay:${guard.overlay}`, message: `The contract is ${STAGES[guard.overlay].label.toLowerCase()}: ${open.reason}` } : null;
    }
  }
}

export type TransitionCheck =
  | { allowed: true; transition: Transition }
  | { allowed: false; unmet: UnmetCondition[] };

/**
 * Can the contract move from `from` to `to` on the evidence it has? The unmet list is the API's 409 body.
 * @example canTransition(ctx, 'BOOKED', 'SHIPPED') // { allowed: false, unmet: [{ code: 'evidence:shipped', … }] }
 */
export function canTransition(ctx: GuardContext, from: Stage, to: Stage): TransitionCheck {
  const transition = transitionsFrom(from, ctx.plan).find((t) => t.to === to);
  if (!transition) {
    const possible = transitionsFrom(from, ctx.plan).map((t) => t.to);
    return {
      allowed: false,
      unmet: [{ code: 'noSuchTransition', message: `A contract in ${from} cannot move to ${to} under its terms; possible: ${possible.join(', ') || 'none'}.` }],
    };
  }
  const proven = provenKinds(ctx.evidence);
  const unmet = transition.guards.map((g) => checkGuard(g, ctx, proven)).filter((u): u is UnmetCondition => u !== null);
  return unmet.length === 0 ? { allowed: true, transition } : { allowed: false, unmet };
}

/** The first transition out of `from` whose guards hold now, if any. This is how evidence advances a wait. */
export function satisfiedTransition(ctx: GuardContext, from: Stage): Transition | undefined {
  for (const t of transitionsFrom(from, ctx.plan)) {
    const check = canTransition(ctx, from, t.to);
    if (check.allowed) return t;
  }
  return undefined;
}

/**
 * Error names the workflow reacts to: one definition for the handlers and use cases that raise them and
 * for the generated ASL that catches (or refuses to retry) them.
 */
export const WORKFLOW_ERRORS = {
  /** A wait failed because the contract was cancelled: caught, never retried. */
  cancelled: 'Tradeflow.Cancelled',
  /** A task payload that does not fit its schema: a bug upstream, never retried. */
  invalidTaskInput: 'Tradeflow.InvalidTaskInput',
  /** A resumed wait named a transition the workflow does not route. */
  unexpectedTransition: 'Tradeflow.UnexpectedTransition',
} as const;
