/**
 * Partner evidence: map the event with its format's module, correlate it to contracts by PO, booking,
 * B/L or L/C number, record each fact exactly once, resume waiting executions, and quarantine whatever
 * cannot be applied — with the reason, for operations to fix and replay. Nothing is dropped silently.
 */
import Decimal from 'decimal.js';
import { lifecycleFactsOf } from '../domain/contract';
import type { ContractRecord, QuarantinedEvent, TimelineEntry } from '../domain/contract-record';
import { detectAnomalies } from '../domain/anomalies';
import { notFound } from '../domain/errors';
import type { Evidence } from '../domain/evidence';
import { planLifecycle } from '../domain/lifecycle-plan';
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
  | { status: 'applied'; contracts: Array<{ contractId: string; recorded: number; duplicates: number; ignored: number }> }
  | { status: 'quarantined'; quarantineId: string; reason: QuarantinedEvent['reason']; message: string };

const CLASSIFIER_RANK = { ACT: 3, MANUAL: 3, EST: 2, PLN: 1 } as const;

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

export function makePartnerEvents(ports: Ports) {
  const { store, clock } = ports;
  const lifecycle = makeLifecycle(ports);
  const nowIso = () => new Date(clock.now()).toISOString();

  async function quarantine(event: PartnerEventEnvelope, reason: QuarantinedEvent['reason'], message: string, issues?: unknown[], existingId?: string): Promise<IngestResult> {
    const quarantineId = existingId ?? ports.newId();
    await store.quarantine({ quarantineId, receivedAt: nowIso(), reason, message, ...(issues ? { issues } : {}), event, status: 'QUARANTINED' });
    return { status: 'quarantined', quarantineId, reason, message };
  }

  /** Applies one fact to one contract. Returns what happened to it. */
  async function applyFact(record: ContractRecord, fact: MappedFact, at: string): Promise<'recorded' | 'duplicate' | 'ignored'> {
    const contractId = record.contract.id;
    const dedupeKey = `${fact.identity.publisher}#${fact.identity.eventId}#${fact.identity.updatedAt ?? ''}`;
    if (fact.expected) {
      const expected = fact.expected;
      if (!(await store.claimOnce(`EXPECTED#${contractId}#${dedupeKey}`, 400))) return 'duplicate';
      await lifecycle.update(contractId, (r) => {
        const current = r.expected[expected.kind];
        // Actual beats estimated beats planned; among equals, the later report wins.
        if (current && CLASSIFIER_RANK[current.classifier] > CLASSIFIER_RANK[expected.classifier]) return undefined;
        return { record: { ...r, expected: { ...r.expected, [expected.kind]: { at: expected.at, classifier: expected.classifier, source: fact.identity.publisher } }, updatedAt: at }, timeline: [] };
      });
      return 'recorded';
    }
    if (!fact.evidence) return 'ignored';
    const evidence: Evidence = { ...fact.evidence, evidenceId: ports.newId(), recordedAt: at, details: { ...(fact.evidence.details ?? {}) } };
    const reasons: string[] = [];
    if (!locationMatches(evidence.kind, evidence.location, record.contract.transport)) {
      reasons.push(`${evidence.kind} reported at ${evidence.location}, which is not the contract's port for it (transhipment or a different leg).`);
    }
    if (evidence.kind === 'lcIssued' && fact.lcTerms) {
      const problems = lcDiscrepancies(fact.lcTerms, record);
      if (problems.length) {
        if (!(await store.claimOnce(`LCDISC#${contractId}#${dedupeKey}`, 400))) return 'duplicate';
        await lifecycle.update(contractId, (r) => ({
          record: { ...r, flags: [...new Set([...r.flags, 'LC_DISCREPANCY'])], updatedAt: at },
          timeline: [{ type: 'exception', at, exceptionClass: 'documentary-discrepancy', severity: 'high', message: `The issued L/C ${fact.lcTerms!.lcNumber} does not match the contract: ${problems.join(' ')}`, details: { problems } }],
        }));
        return 'ignored';
      }
    }
    if (reasons.length) {
      if (!(await store.claimOnce(`IGNORED#${contractId}#${dedupeKey}`, 400))) return 'duplicate';
      const { evidenceId: _id, ...rest } = evidence;
      await store.appendTimeline(contractId, [{ type: 'evidenceIgnored', at, reason: reasons.join(' '), evidence: rest }]);
      return 'ignored';
    }
    return (await store.recordEvidence(contractId, evidence, dedupeKey)) ? 'recorded' : 'duplicate';
  }

  /** Recomputes anomaly flags after new evidence; raises the new ones on the timeline. */
  async function refreshFlags(contractId: string, at: string) {
    const evidence = await store.evidence(contractId);
    await lifecycle.update(contractId, (r) => {
      const facts = lifecycleFactsOf(r.contract);
      const found = detectAnomalies({ record: r, facts, plan: planLifecycle(facts), evidence, now: clock.now() });
      const kept = r.flags.filter((f) => f === 'LC_DISCREPANCY');
      const flags = [...new Set([...kept, ...found.map((f) => f.flag)])].sort();
      if (flags.join() === [...r.flags].sort().join()) return undefined;
      const raised: TimelineEntry[] = found.filter((f) => !r.flags.includes(f.flag)).map((f) => ({ type: 'exception', at, exceptionClass: f.flag, severity: f.severity, message: f.reason }));
      return { record: { ...r, flags, updatedAt: at }, timeline: raised };
    });
  }

  async function ingest(event: PartnerEventEnvelope, options: { linkTo?: string; quarantineId?: string } = {}): Promise<IngestResult> {
    const at = nowIso();
    const mapped = mapPartnerEvent(event.source, event['detail-type'], event.detail, { publisher: event.source, recordedAt: at });
    if (!mapped.ok) {
      const message = mapped.reason === 'UNKNOWN_FORMAT' ? `No mapping accepts source ${event.source} with detail-type ${event['detail-type']}.` : 'The event does not match its format.';
      return quarantine(event, mapped.reason, message, mapped.issues, options.quarantineId);
    }
    const ids = new Set<string>();
    if (options.linkTo) ids.add(options.linkTo);
    else for (const key of mapped.keys) for (const id of key.kind === 'CONTRACT' ? [key.value] : await store.findByReference(key.kind, key.value)) ids.add(id);
    if (ids.size === 0) {
      return quarantine(event, 'NO_MATCHING_CONTRACT', `No contract carries any of these references: ${mapped.keys.map((k) => `${k.kind} ${k.value}`).join(', ') || '(none in the event)'}.`, undefined, options.quarantineId);
    }
    const results = [];
    for (const contractId of ids) {
      const record = await store.get(contractId);
      if (!record) return quarantine(event, 'NO_MATCHING_CONTRACT', `Contract ${contractId} does not exist.`, undefined, options.quarantineId);
      if (isFinished(record)) return quarantine(event, 'CONTRACT_CLOSED', `Contract ${record.contract.contractNumber} is ${record.stage}; the event was kept but not applied.`, undefined, options.quarantineId);
      let recorded = 0, duplicates = 0, ignored = 0;
      for (const fact of mapped.facts) {
        const outcome = await applyFact(record, fact, at);
        if (outcome === 'recorded') recorded++;
        else if (outcome === 'duplicate') duplicates++;
        else ignored++;
      }
      if (recorded > 0) {
        await refreshFlags(contractId, at);
        await lifecycle.resolveWaits(contractId);
      }
      results.push({ contractId, recorded, duplicates, ignored });
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
