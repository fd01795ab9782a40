/**
 * The `ContractStore` port in memory, for fast unit tests of use cases. Same semantics as the DynamoDB
 * adapter — the shared contract suite (test/integration/adapters/contract-store.contract.ts) runs against
 * both: unique contract numbers, stale versions, dedupe, conditional waits and approvals, TTL of
 * `claimOnce`, list ordering by the same index keys, and opaque cursors that reject what they did not issue.
 * Everything going in or out is copied, so a caller mutating a result never changes the store.
 */
import { systemClock, type Clock } from '../domain/clock';
import type { Approval, ContractRecord, QuarantinedEvent, TimelineEntry, Wait } from '../domain/contract-record';
import { notFound } from '../domain/errors';
import type { Evidence } from '../domain/evidence';
import { compareVersions, type PartnerFactVersion, type WithdrawnEvidence } from '../domain/partner-facts';
import type { ContractStore, ListFilter, Page } from '../use-cases/ports';
import {
  PARTNER_EVENT_RETENTION_DAYS,
  contractExists,
  contractNumberTaken,
  decodeOpaque,
  encodeOpaque,
  invalidCursor,
  listSortKey,
  matchesListFilter,
  normaliseContractNumber,
  normaliseReference,
  planContractList,
  referencesOf,
  staleVersion,
  withoutUndefined,
} from './dynamodb-contract-store';

const DAY_MS = 86_400_000;

/** Same order as the DynamoDB sort key `PF#<publisher>#<eventId>`. */
const partnerFactKey = (v: Pick<PartnerFactVersion, 'publisher' | 'eventId'>) => `${v.publisher}#${v.eventId}`;

/** A deep copy without `undefined` members, as a DynamoDB round trip gives back. */
const copy = <T>(value: T): T => withoutUndefined(structuredClone(value));

/** Returns the page after `after` (exclusive) of items already sorted by `key`, descending. */
function pageOf<T>(sorted: T[], key: (item: T) => string, limit: number, after: string | undefined, cursorOf: (last: string) => string): Page<T> {
  const start = after === undefined ? 0 : sorted.findIndex((item) => key(item) < after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, Math.max(1, Math.floor(limit)));
  const last = items.at(-1);
  return { items, ...(rest.length > items.length && last !== undefined ? { cursor: cursorOf(key(last)) } : {}) };
}

/**
 * A contract store held in maps.
 *
 * Why: use-case tests need the store's behaviour (conflicts, retries on stale versions, dedupe) without a
 * JVM; the clock drives TTL expiry of `claimOnce` so tests can jump days ahead.
 *
 * @example
 * const clock = fixedClock('2026-03-01T08:00:00Z');
 * const store = makeInMemoryContractStore({ clock });
 * await store.create(record);
 * store.dump(); // { contracts: [...], timeline: {...}, ... }
 */
export function makeInMemoryContractStore(opts: { clock?: Clock } = {}): ContractStore & { dump(): unknown } {
  const clock = opts.clock ?? systemClock;
  const contracts = new Map<string, ContractRecord>();
  const numbers = new Map<string, string>();
  const timelines = new Map<string, Array<{ sk: string; entry: TimelineEntry }>>();
  const evidence = new Map<string, Map<string, Evidence>>();
  const withdrawnEvidence = new Map<string, Map<string, WithdrawnEvidence>>();
  const partnerFacts = new Map<string, Map<string, PartnerFactVersion>>();
  const seenEvents = new Map<string, number>();
  const waits = new Map<string, Wait>();
  const approvals = new Map<string, Approval>();
  const claims = new Map<string, number>();
  const quarantined = new Map<string, QuarantinedEvent>();
  const documents = new Map<string, { json: string; version: number }>();
  let sequence = 0;

  const appendTo = (contractId: string, entries: TimelineEntry[]) => {
    const list = timelines.get(contractId) ?? [];
    // Same order as DynamoDB's `TL#<at>#<ulid>`: by instant, then by arrival.
    for (const entry of entries) list.push({ sk: `${entry.at}#${String(sequence++).padStart(12, '0')}`, entry: copy(entry) });
    list.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
    timelines.set(contractId, list);
  };

  const claim = (map: Map<string, number>, key: string, ttlMs: number): boolean => {
    const now = clock.now();
    const expires = map.get(key);
    if (expires !== undefined && expires >= now) return false;
    map.set(key, now + ttlMs);
    return true;
  };

  const effectiveEvidence = (contractId: string): Evidence[] => {
    const stored = evidence.get(contractId) ?? new Map<string, Evidence>();
    return [...stored.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => copy(e));
  };

  const bySkDescending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

  return {
    async create(record) {
      const { contract } = record;
      if (contracts.has(contract.id)) throw contractExists(contract.id);
      const number = normaliseContractNumber(contract.contractNumber);
      if (numbers.has(number)) throw contractNumberTaken(contract.contractNumber);
      contracts.set(contract.id, copy(record));
      numbers.set(number, contract.id);
    },

    async get(contractId) {
      const record = contracts.get(contractId);
      return record ? copy(record) : undefined;
    },

    async put(record, expectedVersion, timeline = []) {
      const { contract } = record;
      if (contract.version !== expectedVersion + 1) {
        throw new Error(`Contract store: put of ${contract.id} must carry version ${expectedVersion + 1} (expected ${expectedVersion} + 1), got ${contract.version}`);
      }
      const current = contracts.get(contract.id);
      if (!current) throw notFound(`Contract ${contract.id}`);
      if (current.contract.version !== expectedVersion) throw staleVersion(current.contract.version);
      const before = normaliseContractNumber(current.contract.contractNumber);
      const after = normaliseContractNumber(contract.contractNumber);
      if (before !== after) {
        if (numbers.has(after)) throw contractNumberTaken(contract.contractNumber);
        numbers.delete(before);
        numbers.set(after, contract.id);
      }
      contracts.set(contract.id, copy(record));
      appendTo(contract.id, timeline);
    },

    async list(filter: ListFilter, limit, cursor) {
      const plan = planContractList(filter);
      let after: string | undefined;
      if (cursor !== undefined) {
        const decoded = decodeOpaque(cursor) as { i?: unknown; p?: unknown; a?: unknown } | undefined;
        if (decoded?.i !== plan.index || decoded.p !== plan.partition || typeof decoded.a !== 'string') throw invalidCursor();
        after = decoded.a;
      }
      const sorted = [...contracts.values()]
        .filter((r) => matchesListFilter(r, filter))
        .map((r) => ({ r, sk: listSortKey(r, plan.index) }))
        .sort((a, b) => bySkDescending(a.sk, b.sk));
      const page = pageOf(sorted, (x) => x.sk, limit, after, (a) => encodeOpaque({ i: plan.index, p: plan.partition, a }));
      return { ...page, items: page.items.map((x) => copy(x.r)) };
    },

    async findByReference(kind, value) {
      if (kind === 'CONTRACT') {
        const id = numbers.get(normaliseContractNumber(value));
        return id === undefined ? [] : [id];
      }
      const wanted = normaliseReference(value);
      return [...contracts.values()]
        .filter((r) => referencesOf(r.contract).some((ref) => ref.kind === kind && ref.value === wanted))
        .map((r) => r.contract.id)
        .sort();
    },

    async appendTimeline(contractId, entries) {
      appendTo(contractId, entries);
    },

    async timeline(contractId) {
      return (timelines.get(contractId) ?? []).map((x) => copy(x.entry));
    },

    async recordEvidence(contractId, e, dedupeKey) {
      if (!contracts.has(contractId)) throw notFound(`Contract ${contractId}`);
      if (!claim(seenEvents, dedupeKey, PARTNER_EVENT_RETENTION_DAYS * DAY_MS)) return false;
      const stored = evidence.get(contractId) ?? new Map<string, Evidence>();
      stored.set(`${e.recordedAt}#${e.evidenceId}`, copy(e));
      evidence.set(contractId, stored);
      appendTo(contractId, [{ type: 'evidence', at: e.recordedAt, evidence: e }]);
      return true;
    },

    async evidence(contractId) {
      return effectiveEvidence(contractId);
    },

    async evidenceWithWithdrawn(contractId) {
      const stored = withdrawnEvidence.get(contractId) ?? new Map<string, WithdrawnEvidence>();
      const withdrawn = [...stored.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => copy(e));
      return { effective: effectiveEvidence(contractId), withdrawn };
    },

    async applyPartnerFact(contractId, next, timeline = []) {
      if (!contracts.has(contractId)) throw notFound(`Contract ${contractId}`);
      const facts = partnerFacts.get(contractId) ?? new Map<string, PartnerFactVersion>();
      const id = partnerFactKey(next);
      const current = facts.get(id);
      const order = compareVersions(current, next);
      if (order !== 'newer') return { outcome: order === 'same' ? 'duplicate' : 'outdated', current: copy(current!) };
      const entries: TimelineEntry[] = [];
      const old = current?.evidence;
      if (old) {
        const reason = next.status === 'RETRACTED' ? 'RETRACTED' : 'SUPERSEDED';
        evidence.get(contractId)?.delete(`${old.recordedAt}#${old.evidenceId}`);
        const gone = withdrawnEvidence.get(contractId) ?? new Map<string, WithdrawnEvidence>();
        gone.set(`${old.recordedAt}#${old.evidenceId}`, copy({ ...old, withdrawn: { reason, at: next.recordedAt, byVersion: next.version } }));
        withdrawnEvidence.set(contractId, gone);
        entries.push({ type: 'evidenceWithdrawn', at: next.recordedAt, reason, byVersion: next.version, evidence: old });
      }
      if (next.evidence) {
        const stored = evidence.get(contractId) ?? new Map<string, Evidence>();
        stored.set(`${next.evidence.recordedAt}#${next.evidence.evidenceId}`, copy(next.evidence));
        evidence.set(contractId, stored);
        entries.push({ type: 'evidence', at: next.evidence.recordedAt, evidence: next.evidence });
      }
      facts.set(id, copy(next));
      partnerFacts.set(contractId, facts);
      appendTo(contractId, [...entries, ...timeline]);
      return { outcome: 'applied', ...(current ? { replaced: copy(current) } : {}) };
    },

    async findByPartnerEvent(publisher, eventId) {
      const id = partnerFactKey({ publisher, eventId });
      return [...partnerFacts.entries()].filter(([, facts]) => facts.has(id)).map(([contractId]) => contractId).sort();
    },

    async partnerFacts(contractId) {
      const facts = partnerFacts.get(contractId) ?? new Map<string, PartnerFactVersion>();
      return [...facts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => copy(v));
    },

    async putWait(wait) {
      waits.set(`${wait.contractId}#${wait.waitId}`, copy(wait));
    },

    async openWaits(contractId) {
      return [...waits.values()]
        .filter((w) => w.contractId === contractId && w.status === 'OPEN')
        .sort((a, b) => (a.waitId < b.waitId ? -1 : a.waitId > b.waitId ? 1 : 0))
        .map(copy);
    },

    async closeWait(contractId, waitId, status) {
      const wait = waits.get(`${contractId}#${waitId}`);
      if (wait?.status !== 'OPEN') return false;
      waits.set(`${contractId}#${waitId}`, { ...wait, status });
      return true;
    },

    async putApproval(approval) {
      approvals.set(`${approval.contractId}#${approval.approvalId}`, copy(approval));
    },

    async getApproval(contractId, approvalId) {
      const approval = approvals.get(`${contractId}#${approvalId}`);
      return approval ? copy(approval) : undefined;
    },

    async decideApproval(approval) {
      const key = `${approval.contractId}#${approval.approvalId}`;
      if (approvals.get(key)?.status !== 'PENDING') return false;
      approvals.set(key, copy(approval));
      return true;
    },

    async claimOnce(key, ttlDays) {
      if (!(ttlDays > 0)) throw new Error(`claimOnce(${key}): ttlDays must be positive, got ${ttlDays}`);
      return claim(claims, key, Math.ceil(ttlDays * 86_400) * 1000);
    },

    async quarantine(event) {
      quarantined.set(event.quarantineId, copy(event));
    },

    async listQuarantine(limit, cursor) {
      let after: string | undefined;
      if (cursor !== undefined) {
        const decoded = decodeOpaque(cursor) as { i?: unknown; a?: unknown } | undefined;
        if (decoded?.i !== 'quarantine' || typeof decoded.a !== 'string') throw invalidCursor();
        after = decoded.a;
      }
      const sorted = [...quarantined.values()].sort((a, b) => bySkDescending(`${a.receivedAt}#${a.quarantineId}`, `${b.receivedAt}#${b.quarantineId}`));
      const page = pageOf(sorted, (q) => `${q.receivedAt}#${q.quarantineId}`, limit, after, (a) => encodeOpaque({ i: 'quarantine', a }));
      return { ...page, items: page.items.map(copy) };
    },

    async getQuarantined(quarantineId) {
      const event = quarantined.get(quarantineId);
      return event ? copy(event) : undefined;
    },

    async markReplayed(quarantineId, at, linkedContractId) {
      const event = quarantined.get(quarantineId);
      if (!event) throw notFound(`Quarantined event ${quarantineId}`);
      quarantined.set(quarantineId, { ...event, status: 'REPLAYED', replayedAt: at, ...(linkedContractId ? { linkedContractId } : {}) });
    },

    // Desk documents (issue 6)
    async getDocument(key) {
      const stored = documents.get(key);
      return stored ? { body: JSON.parse(stored.json) as unknown, version: stored.version } : undefined;
    },

    async putDocument(key, body, expectedVersion) {
      if ((documents.get(key)?.version ?? 0) !== expectedVersion) return false;
      documents.set(key, { json: JSON.stringify(body), version: expectedVersion + 1 });
      return true;
    },

    dump() {
      return copy({
        contracts: [...contracts.values()],
        contractNumbers: Object.fromEntries(numbers),
        timelines: Object.fromEntries([...timelines].map(([id, list]) => [id, list.map((x) => x.entry)])),
        evidence: Object.fromEntries([...evidence].map(([id, stored]) => [id, [...stored.values()]])),
        withdrawnEvidence: Object.fromEntries([...withdrawnEvidence].map(([id, stored]) => [id, [...stored.values()]])),
        partnerFacts: Object.fromEntries([...partnerFacts].map(([id, facts]) => [id, [...facts.values()]])),
        partnerEventsSeen: [...seenEvents.keys()],
        waits: [...waits.values()],
        approvals: [...approvals.values()],
        claims: Object.fromEntries([...claims].map(([key, expires]) => [key, new Date(expires).toISOString()])),
        quarantine: [...quarantined.values()],
      });
    },
  };
}
