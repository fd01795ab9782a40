/**
 * The behaviour every `ContractStore` must have, run against the DynamoDB adapter (on DynamoDB Local) and
 * against the in-memory store, so use-case tests on the fake mean something in AWS.
 *
 * Each test gets an empty store from the factory (a fresh table for DynamoDB) and a clock it may move.
 */
import { monotonicFactory } from 'ulid';
import type { Clock } from '../../../shared/domain/clock';
import { contractFromDraft, validateContractInput } from '../../../shared/domain/contract';
import type { ContractRecord, QuarantinedEvent, TimelineEntry, Wait, Approval } from '../../../shared/domain/contract-record';
import { DomainError } from '../../../shared/domain/errors';
import type { Evidence } from '../../../shared/domain/evidence';
import type { Stage } from '../../../shared/domain/lifecycle';
import type { ContractStore, ListFilter } from '../../../shared/use-cases/ports';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';

export interface ContractStoreHarness {
  store: ContractStore;
  clock: Clock & { advance(ms: number): void };
}

const nextId = monotonicFactory();
let numberSeq = 0;

interface RecordOptions {
  contractNumber?: string;
  customerId?: string;
  ownerId?: string;
  stage?: Stage;
  at?: string;
  flags?: string[];
  references?: { poNumber?: string; bookingReferences?: string[]; billOfLadingNumbers?: string[]; lcNumber?: string };
  paymentLcNumber?: string;
}

/** A valid contract record built from the CIF Shanghai → Rotterdam L/C fixture. */
export function aRecord(o: RecordOptions = {}): ContractRecord {
  const input = cifShanghaiRotterdamLc() as Record<string, any>;
  input.contractNumber = o.contractNumber ?? `SJT-2026-${String(++numberSeq).padStart(4, '0')}`;
  if (o.customerId) input.customerId = o.customerId;
  if (o.ownerId) input.owner = { ...input.owner, userId: o.ownerId };
  if (o.references) input.references = { bookingReferences: [], billOfLadingNumbers: [], ...o.references };
  if (o.paymentLcNumber) input.paymentTerms = { ...input.paymentTerms, lcNumber: o.paymentLcNumber };
  const result = validateContractInput(input);
  if (!result.ok) throw new Error(`fixture is not valid: ${JSON.stringify(result.issues)}`);
  const contract = contractFromDraft(result.contract, nextId());
  const at = o.at ?? '2026-03-02T09:00:00.000Z';
  return {
    contract,
    stage: o.stage ?? 'DRAFT',
    overlays: [],
    escalation: {},
    flags: o.flags ?? [],
    createdAt: at,
    updatedAt: at,
    stageEnteredAt: { main: at },
    expected: {},
  };
}

/** The next version of a record, as a use case would put it. */
function nextVersion(record: ContractRecord, change: (r: ContractRecord) => ContractRecord = (r) => r): ContractRecord {
  const changed = change(structuredClone(record));
  return { ...changed, contract: { ...changed.contract, version: record.contract.version + 1 } };
}

function anEvidence(o: Partial<Evidence> = {}): Evidence {
  const evidenceId = o.evidenceId ?? nextId();
  return {
    evidenceId,
    kind: 'shipped',
    classifier: 'ACT',
    occurredAt: '2027-02-10T14:30:00+08:00',
    recordedAt: '2027-02-10T07:00:00.000Z',
    source: { publisher: 'partner.carrier.maersk', eventId: `ev-${evidenceId}`, format: 'dcsa-tnt-2.2' },
    location: 'CNSHA',
    details: { vessel: 'MAERSK HONAM', voyage: '252W' },
    ...o,
  };
}

function quarantined(id: string, receivedAt: string): QuarantinedEvent {
  return {
    quarantineId: id,
    receivedAt,
    reason: 'NO_MATCHING_CONTRACT',
    message: 'No contract carries any of these references: BL MAEU123456789.',
    event: { source: 'partner.carrier.maersk', 'detail-type': 'TransportEvent', detail: { transportDocumentReference: 'MAEU123456789' }, id: `evt-${id}` },
    status: 'QUARANTINED',
  };
}

const ids = (records: ContractRecord[]) => records.map((r) => r.contract.id);

async function allPages(store: ContractStore, filter: ListFilter, limit: number): Promise<{ ids: string[]; pages: number }> {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list(filter, limit, cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...ids(page.items));
    cursor = page.cursor;
    pages++;
    if (pages > 50) throw new Error('pagination does not end');
  } while (cursor);
  return { ids: seen, pages };
}

const DAY = 86_400_000;

/**
 * Registers the contract-store suite.
 *
 * @example describeContractStore('in memory', () => { const clock = fixedClock('2026-03-01T00:00:00Z'); return { clock, store: makeInMemoryContractStore({ clock }) }; });
 */
export function describeContractStore(name: string, setup: () => ContractStoreHarness | Promise<ContractStoreHarness>): void {
  describe(`ContractStore: ${name}`, () => {
    let store: ContractStore;
    let clock: ContractStoreHarness['clock'];
    beforeEach(async () => {
      ({ store, clock } = await setup());
    });

    describe('create and get', () => {
      it('gives back exactly what was created', async () => {
        const record = aRecord({ flags: ['LC_DISCREPANCY'] });
        await store.create(record);
        expect(await store.get(record.contract.id)).toEqual(record);
        expect(await store.get(nextId())).toBeUndefined();
      });

      it('refuses a contract number already in use, whatever its letter case', async () => {
        const first = aRecord({ contractNumber: 'SJT-2026-0412' });
        await store.create(first);
        const second = aRecord({ contractNumber: 'sjt-2026-0412' });
        const error = await store.create(second).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ status: 409, code: 'ContractNumberTaken', message: 'Contract number sjt-2026-0412 is already used by another contract.' });
        expect(await store.get(second.contract.id)).toBeUndefined();
        expect(await store.findByReference('CONTRACT', 'SJT-2026-0412')).toEqual([first.contract.id]);
      });

      it('refuses to create the same contract twice', async () => {
        const record = aRecord();
        await store.create(record);
        await expect(store.create({ ...record, contract: { ...record.contract, contractNumber: 'OTHER-1' } })).rejects.toMatchObject({ status: 409, code: 'ContractExists' });
      });
    });

    describe('put (optimistic concurrency)', () => {
      it('writes the next version when the stored version is the expected one', async () => {
        const record = aRecord();
        await store.create(record);
        const v2 = nextVersion(record, (r) => ({ ...r, stage: 'PENDING_APPROVAL', pendingApprovalId: 'appr-1', updatedAt: '2026-03-03T10:00:00.000Z' }));
        await store.put(v2, 1);
        expect(await store.get(record.contract.id)).toEqual(v2);
      });

      it('fails with StaleVersion (a 409 DomainError) when someone else wrote first', async () => {
        const record = aRecord();
        await store.create(record);
        await store.put(nextVersion(record), 1);
        const error = await store.put(nextVersion(record, (r) => ({ ...r, stage: 'CANCELLED' })), 1).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DomainError);
        expect((error as any).code).toBe('StaleVersion');
        expect(error).toMatchObject({ status: 409, message: 'The contract was changed by someone else (version 2 is current); reload and try again.' });
        expect((await store.get(record.contract.id))?.stage).toBe('DRAFT');
      });

      it('does not write a contract that does not exist', async () => {
        const record = aRecord();
        await expect(store.put(nextVersion(record), 1)).rejects.toMatchObject({ status: 404, code: 'NotFound' });
      });

      it('writes the timeline entries with the contract, even more than one transaction holds', async () => {
        const record = aRecord();
        await store.create(record);
        const entries: TimelineEntry[] = Array.from({ length: 130 }, (_, i) => ({
          type: 'contractUpdated',
          at: `2026-03-03T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
          by: 'u-sales-017',
          version: 2,
          fields: [`field${i}`],
        }));
        await store.put(nextVersion(record), 1, entries);
        const stored = await store.timeline(record.contract.id);
        expect(stored).toHaveLength(130);
        // Chronological; same instant keeps the order given.
        const expected = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.localeCompare(b.e.at) || a.i - b.i).map((x) => x.e);
        expect(stored).toEqual(expected);
      });

      it('moves the contract number, refusing one that is taken and freeing the old one', async () => {
        const a = aRecord({ contractNumber: 'SJT-2026-1001' });
        const b = aRecord({ contractNumber: 'SJT-2026-1002' });
        await store.create(a);
        await store.create(b);
        const renumber = (n: string) => nextVersion(a, (r) => ({ ...r, contract: { ...r.contract, contractNumber: n } }));
        await expect(store.put(renumber('SJT-2026-1002'), 1)).rejects.toMatchObject({ status: 409, code: 'ContractNumberTaken' });
        expect((await store.get(a.contract.id))?.contract).toMatchObject({ version: 1, contractNumber: 'SJT-2026-1001' });

        await store.put(renumber('SJT-2026-1003'), 1);
        expect(await store.findByReference('CONTRACT', 'SJT-2026-1003')).toEqual([a.contract.id]);
        expect(await store.findByReference('CONTRACT', 'SJT-2026-1001')).toEqual([]);
        await expect(store.create(aRecord({ contractNumber: 'SJT-2026-1001' }))).resolves.toBeUndefined();
      });
    });

    describe('references', () => {
      it('finds a contract by PO, booking, B/L and L/C number, trimmed and in any case', async () => {
        const record = aRecord({
          references: { poNumber: 'VDM-PO-88213', bookingReferences: ['MAEU255104331', 'MAEU255104332'], billOfLadingNumbers: ['MAEU255104331BL'] },
          paymentLcNumber: 'ING-DC-27-004499', // only in the payment terms

        });
        await store.create(record);
        const id = record.contract.id;
        expect(await store.findByReference('PO', 'VDM-PO-88213')).toEqual([id]);
        expect(await store.findByReference('BOOKING', 'MAEU255104332')).toEqual([id]);
        expect(await store.findByReference('BL', ' maeu255104331bl ')).toEqual([id]);
        expect(await store.findByReference('LC', 'ING-DC-27-004499')).toEqual([id]);
        expect(await store.findByReference('BL', 'MAEU255104331')).toEqual([]);
        expect(await store.findByReference('PO', 'NOPE')).toEqual([]);
      });

      it('finds the L/C number of the references', async () => {
        const record = aRecord({ references: { lcNumber: 'ING-DC-27-004411' } });
        await store.create(record);
        expect(await store.findByReference('LC', 'ING-DC-27-004411')).toEqual([record.contract.id]);
      });

      it('returns every contract sharing a reference', async () => {
        const a = aRecord({ references: { bookingReferences: ['HLCUSHA2602001'] } });
        const b = aRecord({ references: { bookingReferences: ['HLCUSHA2602001'] } });
        await store.create(a);
        await store.create(b);
        expect((await store.findByReference('BOOKING', 'HLCUSHA2602001')).sort()).toEqual([a.contract.id, b.contract.id].sort());
      });

      it('moves references when the contract changes them', async () => {
        const record = aRecord({ references: { poNumber: 'PO-1', bookingReferences: ['BK-1'], billOfLadingNumbers: [] } });
        await store.create(record);
        const id = record.contract.id;
        await store.put(
          nextVersion(record, (r) => ({ ...r, contract: { ...r.contract, references: { poNumber: 'PO-1', bookingReferences: ['BK-2'], billOfLadingNumbers: ['BL-9'] } } })),
          1,
        );
        expect(await store.findByReference('BOOKING', 'BK-1')).toEqual([]);
        expect(await store.findByReference('BOOKING', 'BK-2')).toEqual([id]);
        expect(await store.findByReference('BL', 'BL-9')).toEqual([id]);
        expect(await store.findByReference('PO', 'PO-1')).toEqual([id]);
      });
    });

    describe('list', () => {
      // Five contracts created a day apart; newest is e.
      async function seed() {
        const day = (n: number) => `2026-03-0${n}T09:00:00.000Z`;
        const a = aRecord({ at: day(1), customerId: 'CUST-NL-0042', ownerId: 'u-sales-017', stage: 'DRAFT' });
        const b = aRecord({ at: day(2), customerId: 'CUST-NL-0042', ownerId: 'u-sales-021', stage: 'SIGNED', flags: ['LC_DISCREPANCY'] });
        const c = aRecord({ at: day(3), customerId: 'CUST-US-0007', ownerId: 'u-sales-017', stage: 'SIGNED', flags: ['LC_DISCREPANCY', 'SHIPMENT_LATE'] });
        const d = aRecord({ at: day(4), customerId: 'CUST-NL-0042', ownerId: 'u-sales-017', stage: 'SIGNED' });
        const e = aRecord({ at: day(5), customerId: 'CUST-DE-0100', ownerId: 'u-sales-021', stage: 'DRAFT', flags: ['SHIPMENT_LATE'] });
        for (const r of [a, b, c, d, e]) await store.create(r);
        return { a, b, c, d, e };
      }

      it('lists by each filter alone, newest first', async () => {
        const { a, b, c, d, e } = await seed();
        const list = async (filter: ListFilter) => ids((await store.list(filter, 50)).items);
        expect(await list({})).toEqual(ids([e, d, c, b, a]));
        expect(await list({ stage: 'SIGNED' })).toEqual(ids([d, c, b]));
        expect(await list({ customerId: 'CUST-NL-0042' })).toEqual(ids([d, b, a]));
        expect(await list({ flag: 'LC_DISCREPANCY' })).toEqual(ids([c, b]));
        expect(await list({ ownerId: 'u-sales-017' })).toEqual(ids([d, c, a])); // grouped by stage: SIGNED, then DRAFT
        expect(await list({ customerId: 'CUST-NONE' })).toEqual([]);
        expect((await store.list({}, 50)).items[0]).toEqual(e);
      });

      it('combines filters', async () => {
        const { b, c, d } = await seed();
        const list = async (filter: ListFilter) => (await allPages(store, filter, 50)).ids;
        expect(await list({ customerId: 'CUST-NL-0042', stage: 'SIGNED' })).toEqual(ids([d, b]));
        expect(await list({ ownerId: 'u-sales-017', stage: 'SIGNED' })).toEqual(ids([d, c]));
        expect(await list({ flag: 'LC_DISCREPANCY', stage: 'SIGNED', ownerId: 'u-sales-021' })).toEqual(ids([b]));
        expect(await list({ flag: 'SHIPMENT_LATE', stage: 'SIGNED' })).toEqual(ids([c]));
        expect(await list({ customerId: 'CUST-NL-0042', flag: 'LC_DISCREPANCY', ownerId: 'u-sales-021' })).toEqual(ids([b]));
      });

      it('pages with opaque cursors, without gaps or repeats', async () => {
        const records = Array.from({ length: 7 }, (_, i) => aRecord({ at: `2026-04-0${i + 1}T09:00:00.000Z`, customerId: 'CUST-NL-0042' }));
        for (const r of records) await store.create(r);
        const walked = await allPages(store, { customerId: 'CUST-NL-0042' }, 3);
        expect(walked.ids).toEqual(ids([...records].reverse()));
        expect(walked.pages).toBeGreaterThanOrEqual(3);
        const all = await allPages(store, {}, 2);
        expect(all.ids).toEqual(ids([...records].reverse()));
      });

      it('refuses a cursor it did not issue, or issued for another filter', async () => {
        for (let i = 0; i < 3; i++) await store.create(aRecord({ stage: 'SIGNED', customerId: 'CUST-NL-0042' }));
        const { cursor } = await store.list({ stage: 'SIGNED' }, 1);
        expect(cursor).toEqual(expect.any(String));
        const refused = { status: 400, code: 'BadRequest', message: 'cursor is not valid', details: [expect.objectContaining({ path: 'cursor', rule: 'cursor.opaque' })] };
        await expect(store.list({ stage: 'SIGNED' }, 1, 'not a cursor')).rejects.toMatchObject(refused);
        await expect(store.list({ stage: 'SIGNED' }, 1, Buffer.from('{"i":"gsi1","k":{"pk":1}}').toString('base64url'))).rejects.toMatchObject(refused);
        await expect(store.list({ stage: 'DRAFT' }, 1, cursor)).rejects.toMatchObject(refused);
        await expect(store.list({ customerId: 'CUST-NL-0042' }, 1, cursor)).rejects.toMatchObject(refused);
        await expect(store.list({ stage: 'SIGNED' }, 1, cursor)).resolves.toMatchObject({ items: [expect.anything()] });
      });

      it('keeps the flag work lists and stage lists in step with the contract', async () => {
        const record = aRecord({ stage: 'DRAFT' });
        await store.create(record);
        const v2 = nextVersion(record, (r) => ({ ...r, stage: 'SIGNED', flags: ['LC_DISCREPANCY'], stageEnteredAt: { main: '2026-03-05T00:00:00.000Z' } }));
        await store.put(v2, 1);
        expect(ids((await store.list({ flag: 'LC_DISCREPANCY' }, 10)).items)).toEqual([record.contract.id]);
        expect((await store.list({ flag: 'LC_DISCREPANCY' }, 10)).items[0]).toEqual(v2);
        expect(ids((await store.list({ stage: 'SIGNED' }, 10)).items)).toEqual([record.contract.id]);
        expect((await store.list({ stage: 'DRAFT' }, 10)).items).toEqual([]);

        await store.put(nextVersion(v2, (r) => ({ ...r, flags: ['SHIPMENT_LATE'] })), 2);
        expect((await store.list({ flag: 'LC_DISCREPANCY' }, 10)).items).toEqual([]);
        expect(ids((await store.list({ flag: 'SHIPMENT_LATE' }, 10)).items)).toEqual([record.contract.id]);
      });
    });

    describe('timeline and evidence', () => {
      it('keeps the timeline in chronological order', async () => {
        const record = aRecord();
        await store.create(record);
        const id = record.contract.id;
        const later: TimelineEntry = { type: 'stageEntered', at: '2026-03-04T00:00:00.000Z', track: 'main', stage: 'PENDING_APPROVAL', from: 'DRAFT' };
        const first: TimelineEntry = { type: 'stageEntered', at: '2026-03-02T09:00:00.000Z', track: 'main', stage: 'DRAFT' };
        const sameInstant: TimelineEntry[] = [
          { type: 'approval', at: '2026-03-03T00:00:00.000Z', approvalId: 'appr-1', action: 'requested' },
          { type: 'emailSent', at: '2026-03-03T00:00:00.000Z', to: 'approver@jinqiao-telecom.example', subject: 'Approval needed', template: 'approval.requested' },
        ];
        await store.appendTimeline(id, [later]);
        await store.appendTimeline(id, [first, ...sameInstant]);
        expect(await store.timeline(id)).toEqual([first, ...sameInstant, later]);
        expect(await store.timeline(nextId())).toEqual([]);
      });

      it('records a partner fact once, as evidence and on the timeline', async () => {
        const record = aRecord();
        await store.create(record);
        const id = record.contract.id;
        const shipped = anEvidence({ recordedAt: '2027-02-10T07:00:00.000Z' });
        const lcIssued = anEvidence({ kind: 'lcIssued', recordedAt: '2027-01-05T07:00:00.000Z', amount: { currency: 'USD', value: '69360.00' } });
        expect(await store.recordEvidence(id, shipped, 'partner.carrier.maersk#ev-1#')).toBe(true);
        expect(await store.recordEvidence(id, { ...shipped, evidenceId: nextId() }, 'partner.carrier.maersk#ev-1#')).toBe(false);
        expect(await store.recordEvidence(id, lcIssued, 'partner.bank.ing#mt700-1#')).toBe(true);
        expect(await store.evidence(id)).toEqual([lcIssued, shipped]);
        expect(await store.timeline(id)).toEqual([
          { type: 'evidence', at: lcIssued.recordedAt, evidence: lcIssued },
          { type: 'evidence', at: shipped.recordedAt, evidence: shipped },
        ]);
      });

      it('keeps one version per partner event: a later one replaces the evidence, a retraction withdraws it', async () => {
        const record = aRecord();
        await store.create(record);
        const id = record.contract.id;
        const base = { publisher: 'partner.carrier.exco', eventId: 'SMDG/LCL/EXO/LOAD-1', status: 'EFFECTIVE' as const };
        const first = anEvidence({ recordedAt: '2027-02-10T07:00:00.000Z', occurredAt: '2027-02-10T06:00:00+08:00' });
        const second = anEvidence({ recordedAt: '2027-02-10T09:00:00.000Z', occurredAt: '2027-02-10T06:30:00+08:00' });
        const v1 = { ...base, version: '2027-02-09T22:10:00.000Z', recordedAt: first.recordedAt, evidence: first };
        const v2 = { ...base, version: '2027-02-10T01:00:00.000Z', recordedAt: second.recordedAt, evidence: second };
        // Prepare / Act
        expect(await store.applyPartnerFact(id, v1)).toEqual({ outcome: 'applied' });
        expect(await store.applyPartnerFact(id, v1)).toEqual({ outcome: 'duplicate', current: v1 });
        expect(await store.applyPartnerFact(id, v2)).toEqual({ outcome: 'applied', replaced: v1 });
        expect(await store.applyPartnerFact(id, v1)).toEqual({ outcome: 'outdated', current: v2 });
        // Assess
        expect(await store.evidence(id)).toEqual([second]);
        expect(await store.evidenceWithWithdrawn(id)).toEqual({
          effective: [second],
          withdrawn: [{ ...first, withdrawn: { reason: 'SUPERSEDED', at: second.recordedAt, byVersion: v2.version } }],
        });
        expect(await store.partnerFacts(id)).toEqual([v2]);
        expect(await store.findByPartnerEvent(base.publisher, base.eventId)).toEqual([id]);
        expect(await store.findByPartnerEvent(base.publisher, 'other')).toEqual([]);

        const retraction = { ...base, status: 'RETRACTED' as const, version: '2027-02-10T02:00:00.000Z', recordedAt: '2027-02-10T10:00:00.000Z' };
        const note: TimelineEntry = { type: 'exception', at: retraction.recordedAt, exceptionClass: 'data-conflict', severity: 'high', message: 'Loading retracted after shipment.' };
        expect(await store.applyPartnerFact(id, retraction, [note])).toEqual({ outcome: 'applied', replaced: v2 });
        expect(await store.evidence(id)).toEqual([]);
        expect((await store.evidenceWithWithdrawn(id)).withdrawn.map((e) => e.withdrawn.reason)).toEqual(['SUPERSEDED', 'RETRACTED']);
        expect((await store.timeline(id)).map((e) => e.type)).toEqual(['evidence', 'evidenceWithdrawn', 'evidence', 'evidenceWithdrawn', 'exception']);
      });

      it('does not apply a partner fact to a contract that does not exist', async () => {
        const missing = nextId();
        await expect(store.applyPartnerFact(missing, { publisher: 'p', eventId: 'e', version: '', status: 'EFFECTIVE', recordedAt: '2027-02-10T10:00:00.000Z' })).rejects.toMatchObject({ status: 404 });
        expect(await store.partnerFacts(missing)).toEqual([]);
      });

      it('does not record evidence for a contract that does not exist', async () => {
        const missing = nextId();
        await expect(store.recordEvidence(missing, anEvidence(), 'k')).rejects.toMatchObject({ status: 404 });
        expect(await store.evidence(missing)).toEqual([]);
      });
    });

    describe('waits and approvals', () => {
      const wait = (contractId: string, waitId: string, stage: Stage): Wait => ({
        contractId, waitId, stage, taskToken: `token-${waitId}`, executionId: `exec-${contractId}`, status: 'OPEN', createdAt: '2026-03-03T00:00:00.000Z',
      });

      it('closes an open wait once', async () => {
        const id = nextId();
        await store.putWait(wait(id, 'w-1', 'PENDING_APPROVAL'));
        await store.putWait(wait(id, 'w-2', 'AWAITING_PAYMENT_SECURITY'));
        await store.putWait(wait(nextId(), 'w-3', 'PRODUCTION'));
        expect(await store.openWaits(id)).toEqual([wait(id, 'w-1', 'PENDING_APPROVAL'), wait(id, 'w-2', 'AWAITING_PAYMENT_SECURITY')]);
        expect(await store.closeWait(id, 'w-1', 'RESOLVED')).toBe(true);
        expect(await store.closeWait(id, 'w-1', 'SUPERSEDED')).toBe(false);
        expect(await store.closeWait(id, 'w-unknown', 'DEAD')).toBe(false);
        expect(await store.openWaits(id)).toEqual([wait(id, 'w-2', 'AWAITING_PAYMENT_SECURITY')]);
      });

      it('decides a pending approval once', async () => {
        const id = nextId();
        const pending: Approval = { contractId: id, approvalId: 'appr-1', waitId: 'w-1', status: 'PENDING', reasons: ['New customer', 'Amount above USD 50 000'], requestedAt: '2026-03-03T00:00:00.000Z' };
        await store.putApproval(pending);
        expect(await store.getApproval(id, 'appr-1')).toEqual(pending);
        expect(await store.getApproval(id, 'appr-2')).toBeUndefined();
        const approved: Approval = { ...pending, status: 'APPROVED', decidedAt: '2026-03-03T08:00:00.000Z', decidedBy: 'u-manager-002', comment: 'Terms as agreed with the bank.' };
        expect(await store.decideApproval(approved)).toBe(true);
        expect(await store.decideApproval({ ...pending, status: 'REJECTED', decidedBy: 'u-manager-009', decidedAt: '2026-03-03T08:00:01.000Z' })).toBe(false);
        expect(await store.getApproval(id, 'appr-1')).toEqual(approved);
        await store.putApproval({ ...pending, approvalId: 'appr-3', status: 'SUPERSEDED' });
        expect(await store.decideApproval({ ...pending, approvalId: 'appr-3', status: 'APPROVED' })).toBe(false);
        expect(await store.decideApproval({ ...pending, approvalId: 'appr-never-requested', status: 'APPROVED' })).toBe(false);
      });
    });

    describe('claimOnce', () => {
      it('claims a side effect once until it expires', async () => {
        expect(await store.claimOnce('MAIL#c-1#SIGNED#f.devries@vdmeer-kantoor.example', 1)).toBe(true);
        expect(await store.claimOnce('MAIL#c-1#SIGNED#f.devries@vdmeer-kantoor.example', 1)).toBe(false);
        expect(await store.claimOnce('MAIL#c-1#SIGNED#wang.li@jinqiao-telecom.example', 1)).toBe(true);
        clock.advance(DAY / 2);
        expect(await store.claimOnce('MAIL#c-1#SIGNED#f.devries@vdmeer-kantoor.example', 1)).toBe(false);
        clock.advance(2 * DAY);
        expect(await store.claimOnce('MAIL#c-1#SIGNED#f.devries@vdmeer-kantoor.example', 1)).toBe(true);
        expect(await store.claimOnce('MAIL#c-1#SIGNED#f.devries@vdmeer-kantoor.example', 1)).toBe(false);
      });
    });

    describe('quarantine', () => {
      it('lists quarantined events newest first across months, in pages', async () => {
        const feb = quarantined('q-feb', '2026-02-27T23:59:00.000Z');
        const mar1 = quarantined('q-mar-1', '2026-03-01T00:00:01.000Z');
        const mar2 = quarantined('q-mar-2', '2026-03-15T12:00:00.000Z');
        for (const q of [mar1, feb, mar2]) await store.quarantine(q);
        const first = await store.listQuarantine(2);
        expect(first.items).toEqual([mar2, mar1]);
        expect(first.cursor).toEqual(expect.any(String));
        const second = await store.listQuarantine(2, first.cursor);
        expect(second).toEqual({ items: [feb] });
        expect((await store.listQuarantine(10)).items).toEqual([mar2, mar1, feb]);
        await expect(store.listQuarantine(2, 'bogus')).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ rule: 'cursor.opaque' })] });
        expect(await store.listQuarantine(5)).toEqual({ items: [mar2, mar1, feb] });
      });

      it('is empty before anything was quarantined', async () => {
        expect(await store.listQuarantine(10)).toEqual({ items: [] });
      });

      it('gets, re-quarantines and marks an event replayed', async () => {
        const q = { ...quarantined('q-1', '2026-02-20T10:00:00.000Z'), issues: [{ path: 'detail.eventType', message: 'Required' }] };
        await store.quarantine(q);
        expect(await store.getQuarantined('q-1')).toEqual(q);
        expect(await store.getQuarantined('q-unknown')).toBeUndefined();

        // A replay that fails again keeps one entry, now dated by the new attempt.
        const again = { ...q, receivedAt: '2026-03-02T10:00:00.000Z', reason: 'APPLY_FAILED' as const, message: 'Contract is CANCELLED.' };
        await store.quarantine(again);
        expect((await store.listQuarantine(10)).items).toEqual([again]);

        await store.markReplayed('q-1', '2026-03-02T11:00:00.000Z', 'c-linked');
        const replayed = { ...again, status: 'REPLAYED', replayedAt: '2026-03-02T11:00:00.000Z', linkedContractId: 'c-linked' };
        expect(await store.getQuarantined('q-1')).toEqual(replayed);
        expect((await store.listQuarantine(10)).items).toEqual([replayed]);
        await expect(store.markReplayed('q-unknown', '2026-03-02T11:00:00.000Z')).rejects.toMatchObject({ status: 404 });
      });
    });

    // Desk documents (issue 6)
    it('keeps versioned documents: create once, then write only on the version read', async () => {
      expect(await store.getDocument('POLICY#escalation-tree')).toBeUndefined();
      expect(await store.putDocument('POLICY#escalation-tree', { rows: [1] }, 1)).toBe(false);
      expect(await store.putDocument('POLICY#escalation-tree', { rows: [1], note: '雨季' }, 0)).toBe(true);
      expect(await store.putDocument('POLICY#escalation-tree', { rows: [9] }, 0)).toBe(false);
      expect(await store.getDocument('POLICY#escalation-tree')).toEqual({ body: { rows: [1], note: '雨季' }, version: 1 });
      expect(await store.putDocument('POLICY#escalation-tree', { rows: [1, 2] }, 1)).toBe(true);
      expect(await store.putDocument('POLICY#escalation-tree', { rows: ['lost update'] }, 1)).toBe(false);
      const read = (await store.getDocument('POLICY#escalation-tree'))!;
      expect(read).toEqual({ body: { rows: [1, 2] }, version: 2 });
      (read.body as { rows: number[] }).rows.push(3);
      expect((await store.getDocument('POLICY#escalation-tree'))!.body).toEqual({ rows: [1, 2] });
    });

    it('hands out copies: changing a result does not change the store', async () => {
      const record = aRecord();
      await store.create(record);
      const read = (await store.get(record.contract.id))!;
      read.flags.push('MUTATED');
      read.contract.references.bookingReferences.push('MUTATED');
      record.flags.push('MUTATED-INPUT');
      const again = (await store.get(record.contract.id))!;
      expect(again.flags).toEqual([]);
      expect(again.contract.references.bookingReferences).toEqual([]);
    });
  });
}
