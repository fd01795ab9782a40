/**
 * Versions of partner facts: how corrections and retractions change what a contract counts.
 *
 * A partner event is identified by its publisher and the partner's own event id. DCSA T&T 3.0.0 sends
 * corrections as the same event id with a later `eventUpdatedDateTime`, and withdraws an event (with all its
 * versions) by a retraction. Per contract, Tradeflow keeps one register entry per event identity — the latest
 * version — and only that version's evidence or expected date counts. An older version arriving late changes
 * nothing (it is still noted on the timeline); a retraction is a version too, so the original arriving after
 * its retraction is older and ignored, while a re-send with a later update time counts again.
 *
 * Stages never move backwards. When withdrawn evidence had already moved a contract on, the contract stays
 * where it is and a data conflict is raised for a person to resolve with the partner.
 */
import { lifecycleFactsOf } from './contract';
import type { ContractRecord } from './contract-record';
import type { Evidence, EvidenceKind } from './evidence';
import { isActual } from './evidence';
import { STAGES, TRANSITIONS, canTransition, planMatches, type GuardContext, type Stage } from './lifecycle';
import { planLifecycle } from './lifecycle-plan';

/**
 * Version of a retraction that carries no update time of its own (DCSA 3.0.0-Beta-1 `retractedEventID`):
 * it withdraws every version of the event for good. Sorts after every ISO instant.
 */
export const FINAL_VERSION = '~final';

/** The version on record for one partner event on one contract. */
export interface PartnerFactVersion {
  readonly publisher: string;
  /** The partner's event id (for a retraction: the id it withdraws). */
  readonly eventId: string;
  /**
   * Orders the versions of one event: the partner's update time as UTC ISO, `''` when the format has none
   * (then a redelivery is a duplicate and there are no corrections), {@link FINAL_VERSION} for a final retraction.
   */
  readonly version: string;
  readonly status: 'EFFECTIVE' | 'RETRACTED';
  /** When Tradeflow applied this version (UTC ISO). */
  readonly recordedAt: string;
  /** The evidence this version counts; withdrawn when a later version replaces it. */
  readonly evidence?: Evidence;
  /** The planned or estimated date this version states. */
  readonly expected?: ExpectedFact;
}

export interface ExpectedFact {
  readonly kind: 'ETD' | 'ETA' | 'DELIVERY';
  readonly at: string;
  readonly classifier: 'EST' | 'PLN';
  readonly location?: string;
}

/** Evidence that no longer counts, and why. */
export type WithdrawnEvidence = Evidence & {
  readonly withdrawn: { readonly reason: 'SUPERSEDED' | 'RETRACTED'; readonly at: string; readonly byVersion: string };
};

/**
 * The version key of an update time: UTC ISO with milliseconds, so versions with different offsets compare
 * as text. `undefined` or unreadable → `''`.
 *
 * @example versionOf('2026-03-15T10:31:12+01:00') // '2026-03-15T09:31:12.000Z'
 */
export function versionOf(updatedAt: string | undefined): string {
  if (updatedAt === undefined) return '';
  const ms = Date.parse(updatedAt);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/** What applying `next` over `current` (the version on record, if any) does. */
export function compareVersions(current: Pick<PartnerFactVersion, 'version'> | undefined, next: Pick<PartnerFactVersion, 'version'>): 'newer' | 'same' | 'older' {
  if (current === undefined) return 'newer';
  if (next.version === current.version) return 'same';
  return next.version > current.version ? 'newer' : 'older';
}

const RANK = { EST: 2, PLN: 1 } as const;

/**
 * The contract's expected dates from the versions on record: estimated beats planned; among equals the
 * later report (update time, else receipt) wins; the event id breaks ties so the result never depends on
 * the order of arrival. Retracted and superseded versions do not count.
 *
 * @example expectedDatesOf(versions).ETA // { at: '2027-03-20T08:00:00+01:00', classifier: 'EST', source: 'partner.carrier.exco' }
 */
export function expectedDatesOf(versions: readonly PartnerFactVersion[]): ContractRecord['expected'] {
  const best: Partial<Record<ExpectedFact['kind'], PartnerFactVersion & { expected: ExpectedFact }>> = {};
  const key = (v: PartnerFactVersion & { expected: ExpectedFact }) => [RANK[v.expected.classifier], v.version || v.recordedAt, `${v.publisher}#${v.eventId}`] as const;
  for (const v of versions) {
    if (v.status !== 'EFFECTIVE' || v.expected === undefined) continue;
    const candidate = v as PartnerFactVersion & { expected: ExpectedFact };
    const current = best[candidate.expected.kind];
    if (current === undefined) {
      best[candidate.expected.kind] = candidate;
      continue;
    }
    const [a, b] = [key(candidate), key(current)];
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best[candidate.expected.kind] = candidate;
  }
  const out: ContractRecord['expected'] = {};
  for (const [kind, v] of Object.entries(best) as Array<[ExpectedFact['kind'], PartnerFactVersion & { expected: ExpectedFact }]>) {
    out[kind] = { at: v.expected.at, classifier: v.expected.classifier, source: v.publisher };
  }
  return out;
}

const ORDER = Object.keys(STAGES) as Stage[];
const indexOf = (stage: Stage | undefined) => (stage === undefined ? -1 : ORDER.indexOf(stage));

/** A transition the contract took that its remaining evidence no longer supports. */
export interface DataConflict {
  readonly from: Stage;
  readonly to: Stage;
  /** Withdrawn evidence kinds that had supported it. */
  readonly kinds: readonly EvidenceKind[];
}

/**
 * Transitions the contract has taken (its track reached the target stage) that held with the withdrawn
 * actual evidence and no longer hold without it. The contract is not moved back; a person resolves these.
 *
 * @example dataConflicts(recordAtShipped, effective, [retractedLoad]) // [{ from: 'BOOKED', to: 'SHIPPED', kinds: ['shipped'] }]
 */
export function dataConflicts(record: ContractRecord, effective: readonly Evidence[], withdrawn: readonly Evidence[]): DataConflict[] {
  const lost = withdrawn.filter(isActual);
  if (lost.length === 0) return [];
  const facts = lifecycleFactsOf(record.contract);
  const plan = planLifecycle(facts);
  const withLost: GuardContext = { facts, plan, state: record, evidence: [...effective, ...lost] };
  const without: GuardContext = { ...withLost, evidence: effective };
  const reached = (stage: Stage) => {
    const track = STAGES[stage].track;
    const current = track === 'main' ? record.stage : track === 'payment' ? record.paymentStage : record.logisticsStage;
    return indexOf(current) >= indexOf(stage);
  };
  const conflicts: DataConflict[] = [];
  for (const t of TRANSITIONS) {
    if (!planMatches(plan, t.when) || indexOf(t.to) <= indexOf(t.from) || t.to === 'CLOSED' || !reached(t.to)) continue;
    if (!canTransition(withLost, t.from, t.to).allowed || canTransition(without, t.from, t.to).allowed) continue;
    const lostKinds = [...new Set(lost.map((e) => e.kind))];
    const single = lostKinds.filter((k) => canTransition({ ...without, evidence: [...effective, ...lost.filter((e) => e.kind === k)] }, t.from, t.to).allowed);
    conflicts.push({ from: t.from, to: t.to, kinds: single.length > 0 ? single : lostKinds });
  }
  return conflicts;
}
