/**
 * Partner evidence: map the event with its format's module, correlate it to contracts by PO, booking,
 * B/L or L/C number (a bare retraction: by the event it withdraws), apply each fact exactly once as a version
 * of its partner event — corrections replace, retractions withdraw, older versions are only noted — derive the
 * expected dates again, raise exceptions (published as ExceptionRaised / DeadlineAtRisk), resume waiting
 * executions, and quarantine whatever cannot be applied — with the reason, for operations to fix and replay.
 * Nothing is dropped silently.
 */
import Decimal from 'decimal.js';
import { lifecycleFactsOf } from '../domain/contract';
import type { ContractRecord, QuarantinedEvent, TimelineEntry } from '../domain/contract-record';
import { detectAnomalies } from '../domain/anomalies';
import { notFound } from '../domain/errors';
import type { Evidence } from '../domain/evidence';
import { planLifecycle } from '../domain/lifecycle-plan';
import { FINAL_VERSION, dataConflicts, expectedDatesOf, versionOf, type PartnerFactVersion } from '../domain/partner-facts';
import { DeadlineAtRisk } from '../events/domain/deadline-at-risk';
import { publishDomainEvent } from '../events/domain/domain-event';
import { ExceptionRaised } from '../events/domain/exception-raised';
import { locationMatches } from '../events/partners/dcsa-rules';
import type { LcTerms, MappedFact } from '../events/partners/partner-mapping';
import { mapPartnerEvent } from '../events/partners/partner-registry';
import { isFinished, makeLifecycle } from './lifecycle';
import type { Ports } from './ports';

export interface PartnerEventEnvelope {
  id?: string;
  source: string;
  'detail-type': string;
  detail: unknown;
  time?: string;
}

export type IngestResult =
  | { status: 'applied'; contracts: Array<{ contractId: string; recorded: number; duplicates: number; ignored: number; outdated?: number }> }
  | { status: 'quarantined'; quarantineId: string; reason: QuarantinedEvent['reason']; message: string };

/** What one fact did to one contract. */
interface FactOutcome {
  outcome: 'recorded' | 'duplicate' | 'outdated' | 'ignored';
  /** The contract's expected dates must be derived again. */
  touchesExpected: boolean;
  /** Exceptions this fact raised on the timeline (published after the contract is settled). */
  raised: Array<Extract<TimelineEntry, { type: 'exception' }>>;
}

/** Which evidence kind's port an expected date must be at (ETD at the port of loading, …). */
const EXPECTED_KIND_EVIDENCE = { ETD: 'shipped', ETA: 'arrived', DELIVERY: 'delivered' } as const;

/** Flags that say a contract deadline is at risk, and the deadline they name in DeadlineAtRisk. */
const DEADLINE_FLAGS = new Map<string, 'latestShipment' | 'lcPresentation'>([
  ['LATEST_SHIPMENT_AT_RISK', 'latestShipment'],
  ['LC_PRESENTATION_AT_RISK', 'lcPresentation'],
]);

const sortedKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Checks an issued L/C against the contract: a mismatch is a discrepancy to resolve, never silently accepted. */
export function lcDiscrepancies(terms: LcTerms, record: ContractRecord): string[] {
  const c = record.contract;
  const out: string[] = [];
  if (terms.currency !== c.currency) out.push(`L/C currency ${terms.currency} differs from the contract currency ${c.currency}.`);
  else {
    const tolerance = new Decimal(terms.tolerancePercent?.minus ?? 0).dividedBy(100);
    const minimum = new Decimal(c.totalAmount).times(new Decimal(1).minus(tolerance));
    if (new Decimal(terms.amount).lessThan(minimum)) out.push(`L/C amount ${terms.amount} ${terms.currency} is below the contract total ${c.totalAmount} ${c.currency}.`);
  }
  if (c.paymentTerms.method === 'LC') {
    if (terms.expiryDate < c.paymentTerms.expiryDate) out.push(`L/C expires ${terms.expiryDate}, before the agreed ${c.paymentTerms.expiryDate}.`);
    if (terms.latestShipmentDate && terms.latestShipmentDate < c.paymentTerms.latestShipmentDate) out.push(`L/C latest shipment date ${terms.latestShipmentDate} is earlier than the agreed ${c.paymentTerms.latestShipmentDate}.`);
    if (terms.presentationDays < c.paymentTerms.presentationDays) out.push(`L/C presentation period ${terms.presentationDays} days is shorter than the agreed ${c.paymentTerms.presentationDays}.`);
  } else {
    out.push(`The contract is not on letter-of-credit terms (${c.paymentTerms.method}).`);
  }
  return out;
}

export const MAX_DETAIL_DEPTH = 64;

/** Depth of nested objects/arrays, counted without recursion and without looking deeper than `limit` + 1. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function safeJson(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? '').slice(0, 200_000);
  } catch {
    return '(too deep to serialise)';
  }
}

/** Failures worth retrying: AWS server faults and throttling, timeouts, lost connections, write conflicts. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $fault?: string; $retryable?: unknown; $metadata?: unknown };
  if (e?.$retryable || e?.$fault === 'server') return true;
  const name = e?.name ?? '';
  if (/Throttl|TooManyRequests|RequestLimitExceeded|ProvisionedThroughputExceeded|ServiceUnavailable|InternalServerError|InternalFailure|TransactionConflict|Timeout|TimedOut/i.test(name)) return true;
  if (e?.code === 'StaleVersion' || e?.code === 'ECONNREFUSED' || e?.code === 'ECONNRESET' || e?.code === 'EPIPE' || e?.code === 'ETIMEDOUT') return true;
  // A cancelled transaction is a conflict with a concurrent writer unless a condition of ours failed.
  if (name === 'TransactionCanceledException') return true;
  return false;
}

export function makePartnerEvents(ports: Ports) {
  const { store, clock, events } = ports;
  const lifecycle = makeLifecycle(ports);
  const nowIso = () => new Date(clock.now()).toISOString();

  async function quarantine(event: PartnerEventEnvelope, reason: QuarantinedEvent['reason'], message: string, issues?: unknown[], existingId?: string): Promise<IngestResult> {
    const quarantineId = existingId ?? ports.newId();
    await store.quarantine({ quarantineId, receivedAt: nowIso(), reason, message, ...(issues ? { issues } : {}), event, status: 'QUARANTINED' });
    return { status: 'quarantined', quarantineId, reason, message };
  }

  /**
   * Applies one fact to one contract as a version of its partner event (see shared/domain/partner-facts.ts):
   * a later version replaces the one on record, a retraction withdraws it, an older one is only noted.
   */
  async function applyFact(record: ContractRecord, fact: MappedFact, at: string): Promise<FactOutcome> {
    const contractId = record.contract.id;
    const base = {
      publisher: fact.identity.publisher,
      eventId: fact.retracts ?? fact.identity.eventId,
      // A retraction without an update time of its own (DCSA 3.0.0-Beta-1) withdraws every version for good.
      version: fact.retracts !== undefined && fact.identity.updatedAt === undefined ? FINAL_VERSION : versionOf(fact.identity.updatedAt),
      recordedAt: at,
    };
    let next: PartnerFactVersion;
    const timeline: TimelineEntry[] = [];
    let ignored = false;
    if (fact.retracts !== undefined) {
      next = { ...base, status: 'RETRACTED' };
    } else if (fact.expected) {
      const { location, ...expected } = fact.expected;
      next = { ...base, status: 'EFFECTIVE', expected: { ...expected, ...(location !== undefined ? { location } : {}) } };
    } else if (fact.evidence) {
      const evidence: Evidence = { ...fact.evidence, evidenceId: ports.newId(), recordedAt: at, details: { ...(fact.evidence.details ?? {}) } };
      next = { ...base, status: 'EFFECTIVE', evidence };
      if (!locationMatches(evidence.kind, evidence.location, record.contract.transport)) {
        const { evidenceId: _id, ...rest } = evidence;
        timeline.push({ type: 'evidenceIgnored', at, reason: `${evidence.kind} reported at ${evidence.location}, which is not the contract's port for it (transhipment or a different leg).`, evidence: rest });
        next = { ...base, status: 'EFFECTIVE' };
        ignored = true;
      } else if (evidence.kind === 'lcIssued' && fact.lcTerms) {
        const problems = lcDiscrepancies(fact.lcTerms, record);
        if (problems.length) {
          // The flag first (idempotent): if the version below fails, the redelivery applies it and the flag is already up.
          await lifecycle.update(contractId, (r) => (r.flags.includes('LC_DISCREPANCY') ? undefined : { record: { ...r, flags: [...r.flags, 'LC_DISCREPANCY'].sort(), updatedAt: at }, timeline: [] }));
          timeline.push({ type: 'exception', at, exceptionClass: 'documentary-discrepancy', severity: 'high', message: `The issued L/C ${fact.lcTerms.lcNumber} does not match the contract: ${problems.join(' ')}`, details: { problems } });
          next = { ...base, status: 'EFFECTIVE' };
          ignored = true;
        }
      }
    } else {
      next = { ...base, status: 'EFFECTIVE' };
      ignored = true;
    }
    const result = await store.applyPartnerFact(contractId, next, timeline);
    if (result.outcome === 'outdated') {
      await noteOutdated(contractId, next, fact, result.current, at);
      return { outcome: 'outdated', touchesExpected: false, raised: [] };
    }
    const touchesExpected = next.expected !== undefined || (result.outcome === 'applied' && result.replaced?.expected !== undefined) || fact.retracts !== undefined;
    const raised = result.outcome === 'applied' ? timeline.filter((e): e is Extract<TimelineEntry, { type: 'exception' }> => e.type === 'exception') : [];
    if (result.outcome !== 'applied') return { outcome: 'duplicate', touchesExpected, raised };
    if (result.replaced?.evidence) return { outcome: 'recorded', touchesExpected, raised };
    return { outcome: ignored ? 'ignored' : 'recorded', touchesExpected, raised };
  }

  /** An older version arrived after a later one: noted on the timeline once, never applied. */
  async function noteOutdated(contractId: string, next: PartnerFactVersion, fact: MappedFact, current: PartnerFactVersion, at: string) {
    if (!(await store.claimOnce(`OUTDATED#${contractId}#${next.publisher}#${next.eventId}#${next.version}#${next.status}`, 400))) return;
    const evidence = next.evidence ? (({ evidenceId: _id, ...rest }) => rest)(next.evidence) : undefined;
    await store.appendTimeline(contractId, [{
      type: 'partnerFactOutdated', at, publisher: next.publisher, eventId: next.eventId, version: next.version, current: current.version,
      ...(fact.retracts !== undefined ? { retraction: true } : {}),
      ...(evidence ? { evidence } : {}),
      ...(next.expected ? { expected: { kind: next.expected.kind, at: next.expected.at, classifier: next.expected.classifier } } : {}),
    }]);
  }

  /** The contract's expected dates, derived again from the versions on record (after a correction or retraction, too). */
  async function refreshExpected(record: ContractRecord, at: string) {
    const ports_ = record.contract.transport;
    const versions = (await store.partnerFacts(record.contract.id)).filter(
      (v) => v.expected === undefined || locationMatches(EXPECTED_KIND_EVIDENCE[v.expected.kind], v.expected.location, ports_),
    );
    const expected = expectedDatesOf(versions);
    await lifecycle.update(record.contract.id, (r) => (JSON.stringify(sortedKeys(r.expected)) === JSON.stringify(sortedKeys(expected)) ? undefined : { record: { ...r, expected, updatedAt: at }, timeline: [] }));
  }

  /**
   * Recomputes anomaly flags from the evidence that counts; raises new ones on the timeline and as
   * ExceptionRaised / DeadlineAtRisk. DATA_CONFLICT holds while withdrawn evidence had moved the contract on.
   */
  async function refreshFlags(contractId: string, at: string, raisedHere: Array<Extract<TimelineEntry, { type: 'exception' }>>) {
    const raised: Array<Extract<TimelineEntry, { type: 'exception' }>> = [];
    await lifecycle.update(contractId, async (r) => {
      raised.length = 0;
      // Read after the record: a concurrent delivery that adds evidence and writes flags first makes this
      // write fail its version check and recompute from the fresher evidence.
      const { effective, withdrawn } = await store.evidenceWithWithdrawn(contractId);
      const facts = lifecycleFactsOf(r.contract);
      const found = detectAnomalies({ record: r, facts, plan: planLifecycle(facts), evidence: effective, now: clock.now() });
      const conflicts = dataConflicts(r, effective, withdrawn);
      const kept = r.flags.filter((f) => f === 'LC_DISCREPANCY');
      const flags = [...new Set([...kept, ...found.map((f) => f.flag), ...(conflicts.length ? ['DATA_CONFLICT'] : [])])].sort();
      if (flags.join() === [...r.flags].sort().join()) return undefined;
      for (const f of found) if (!r.flags.includes(f.flag)) raised.push({ type: 'exception', at, exceptionClass: f.flag, severity: f.severity, message: f.reason });
      if (conflicts.length && !r.flags.includes('DATA_CONFLICT')) {
        const said = conflicts.map((c) => `${c.kinds.join(' / ')} no longer proven, but the contract already moved ${c.from} → ${c.to}`).join('; ');
        raised.push({ type: 'exception', at, exceptionClass: 'data-conflict', severity: 'high', message: `A partner withdrew evidence the contract had already moved on: ${said}. The stage stays; check with the partner.`, details: { conflicts } });
      }
      return { record: { ...r, flags, updatedAt: at }, timeline: [...raised] };
    });
    for (const exception of [...raisedHere, ...raised]) await publishException(contractId, exception);
  }

  async function publishException(contractId: string, exception: Extract<TimelineEntry, { type: 'exception' }>) {
    if (DEADLINE_FLAGS.has(exception.exceptionClass)) {
      await publishDomainEvent(events, DeadlineAtRisk, { schemaVersion: '1', contractId, deadline: DEADLINE_FLAGS.get(exception.exceptionClass)!, severity: exception.severity, message: exception.message, at: exception.at });
    }
    await publishDomainEvent(events, ExceptionRaised, { schemaVersion: '1', contractId, exceptionClass: exception.exceptionClass, severity: exception.severity, message: exception.message, at: exception.at });
  }

  /**
   * Applies a partner event, or quarantines it with the reason. Only a transient infrastructure failure
   * (throttling, a timeout, a 5xx) escapes, so that EventBridge retries it; anything else that goes wrong
   * while applying the event is a fault of this event or of our mapping, and is kept for replay.
   */
  async function ingest(event: PartnerEventEnvelope, options: { linkTo?: string; quarantineId?: string } = {}): Promise<IngestResult> {
    if (nestingDepth(event.detail, MAX_DETAIL_DEPTH) > MAX_DETAIL_DEPTH) {
      // No partner format nests this deep; keep the event as text so that nothing downstream recurses into it.
      const kept = { ...event, detail: { nestedTooDeep: true, json: safeJson(event.detail) } };
      return quarantine(kept, 'SCHEMA', `The event detail is nested more than ${MAX_DETAIL_DEPTH} levels deep; no partner format does that.`, undefined, options.quarantineId);
    }
    try {
      return await apply(event, options);
    } catch (error) {
      if (isTransient(error)) throw error;
      const message = `The event could not be applied: ${(error as Error).name}: ${(error as Error).message}`.slice(0, 1000);
      return quarantine(event, 'APPLY_FAILED', message, undefined, options.quarantineId);
    }
  }

  async function apply(event: PartnerEventEnvelope, options: { linkTo?: string; quarantineId?: string }): Promise<IngestResult> {
    const at = nowIso();
    const mapped = mapPartnerEvent(event.source, event['detail-type'], event.detail, { publisher: event.source, recordedAt: at });
    if (!mapped.ok) {
      const message = mapped.reason === 'UNKNOWN_FORMAT' ? `No mapping accepts source ${event.source} with detail-type ${event['detail-type']}.` : 'The event does not match its format.';
      return quarantine(event, mapped.reason, message, mapped.issues, options.quarantineId);
    }
    const ids = new Set<string>();
    if (options.linkTo) ids.add(options.linkTo);
    else for (const key of mapped.keys) for (const id of key.kind === 'CONTRACT' ? [key.value] : await store.findByReference(key.kind, key.value)) ids.add(id);
    // A retraction may name only the event it withdraws: it goes wherever a version of that event is on record.
    if (ids.size === 0) for (const fact of mapped.facts) if (fact.retracts !== undefined) for (const id of await store.findByPartnerEvent(fact.identity.publisher, fact.retracts)) ids.add(id);
    if (ids.size === 0) {
      return quarantine(event, 'NO_MATCHING_CONTRACT', `No contract carries any of these references: ${mapped.keys.map((k) => `${k.kind} ${k.value}`).join(', ') || '(none in the event)'}.`, undefined, options.quarantineId);
    }
    const results = [];
    for (const contractId of ids) {
      const record = await store.get(contractId);
      if (!record) return quarantine(event, 'NO_MATCHING_CONTRACT', `Contract ${contractId} does not exist.`, undefined, options.quarantineId);
      if (isFinished(record)) return quarantine(event, 'CONTRACT_CLOSED', `Contract ${record.contract.contractNumber} is ${record.stage}; the event was kept but not applied.`, undefined, options.quarantineId);
      let recorded = 0, duplicates = 0, ignored = 0, outdated = 0, expectedTouched = false;
      const raised: Array<Extract<TimelineEntry, { type: 'exception' }>> = [];
      for (const fact of mapped.facts) {
        const applied = await applyFact(record, fact, at);
        if (applied.outcome === 'recorded') recorded++;
        else if (applied.outcome === 'duplicate') duplicates++;
        else if (applied.outcome === 'outdated') outdated++;
        else ignored++;
        expectedTouched ||= applied.touchesExpected;
        raised.push(...applied.raised);
      }
      if (expectedTouched) await refreshExpected(record, at);
      // Also after a duplicate: a delivery that failed half-way is finished by its redelivery.
      if (recorded > 0 || duplicates > 0) {
        await refreshFlags(contractId, at, raised);
        await lifecycle.resolveWaits(contractId);
      } else {
        for (const exception of raised) await publishException(contractId, exception);
      }
      results.push({ contractId, recorded, duplicates, ignored, ...(outdated ? { outdated } : {}) });
    }
    return { status: 'applied', contracts: results };
  }

  async function replay(quarantineId: string, linkTo?: string) {
    const item = await store.getQuarantined(quarantineId);
    if (!item) throw notFound(`Quarantined event ${quarantineId}`);
    if (linkTo && !(await store.get(linkTo))) throw notFound(`Contract ${linkTo}`);
    const result = await ingest(item.event, { ...(linkTo ? { linkTo } : {}), quarantineId });
    if (result.status === 'applied') await store.markReplayed(quarantineId, nowIso(), linkTo);
    return result;
  }

  return { ingest, replay, listQuarantine: (limit: number, cursor?: string) => store.listQuarantine(limit, cursor) };
}

export type PartnerEvents = ReturnType<typeof makePartnerEvents>;
