/**
 * Corrections and retractions of partner events (DCSA T&T 3.0.0): a later version replaces the earlier one,
 * an older version arriving late changes nothing but is noted, a retraction withdraws the evidence and the
 * expected dates are derived again, and a contract never moves backwards.
 */
import { contractFromDraft, validateContractInput } from '../../../shared/domain/contract';
import type { ContractRecord } from '../../../shared/domain/contract-record';
import { makePartnerEvents } from '../../../shared/use-cases/partner-events';
import { dcsa300Event, dcsa300Events, dcsa300Retraction, lcIssued } from '../../../infra/local/partner-event-builders';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';
import { world } from './world';

const BOOKING = 'BKG270120001';
const envelope = (e: { Source: string; DetailType: string; Detail: string }) => ({ source: e.Source, 'detail-type': e.DetailType, detail: JSON.parse(e.Detail) });
const push = (...events: Array<Record<string, unknown>>) => envelope(dcsa300Events(...events));
const load = (updatedAt: string, at = '2026-12-02T22:00:00+08:00', eventID = 'LOAD-1') => dcsa300Event('LOAD', { eventID, updatedAt, at, bookingReference: BOOKING, location: 'CNSHA' });
const eta = (eventID: string, updatedAt: string, at: string) => dcsa300Event('ARRI', { eventID, updatedAt, at, classifier: 'EST', bookingReference: BOOKING, location: 'NLRTM' });

async function contractAt(w: ReturnType<typeof world>, over: Partial<ContractRecord> = {}): Promise<ContractRecord> {
  const input = cifShanghaiRotterdamLc();
  input.references = { ...input.references!, bookingReferences: [BOOKING] };
  const v = validateContractInput(input);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const at = '2026-12-01T08:00:00.000Z';
  const record: ContractRecord = { contract: contractFromDraft(v.contract, '01HZZZCONTRACT00000000000C'), stage: 'SIGNED', paymentStage: 'AWAITING_PAYMENT_SECURITY', logisticsStage: 'BOOKED', overlays: [], escalation: {}, flags: [], createdAt: at, updatedAt: at, stageEnteredAt: { main: at }, expected: {}, ...over };
  await w.store.create(record);
  return record;
}

describe('corrections: a later update of the same event replaces it', () => {
  it('counts only the corrected fact and keeps the first as superseded', async () => {
    // Prepare
    const w = world();
    const { contract } = await contractAt(w);
    const partners = makePartnerEvents(w.ports);
    // Act
    await partners.ingest(push(load('2026-12-02T22:10:00+08:00')));
    const corrected = await partners.ingest(push(load('2026-12-03T01:00:00+08:00', '2026-12-02T23:30:00+08:00')));
    // Assess
    expect(corrected).toMatchObject({ status: 'applied', contracts: [{ recorded: 1, duplicates: 0 }] });
    const { effective, withdrawn } = await w.store.evidenceWithWithdrawn(contract.id);
    expect(effective.map((e) => [e.kind, e.occurredAt])).toEqual([['shipped', '2026-12-02T23:30:00+08:00']]);
    expect(withdrawn).toEqual([expect.objectContaining({ kind: 'shipped', occurredAt: '2026-12-02T22:00:00+08:00', withdrawn: expect.objectContaining({ reason: 'SUPERSEDED', byVersion: '2026-12-02T17:00:00.000Z' }) })]);
    // (The anomaly rules also flag the shipment before the L/C: exceptions left out here.)
    expect((await w.store.timeline(contract.id)).map((e) => e.type).filter((t) => t !== 'exception')).toEqual(['evidence', 'evidenceWithdrawn', 'evidence']);
  });

  it('ignores an older update that arrives after a later one, but notes it on the timeline once', async () => {
    const w = world();
    const { contract } = await contractAt(w);
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(push(load('2026-12-03T01:00:00+08:00', '2026-12-02T23:30:00+08:00')));
    const late = await partners.ingest(push(load('2026-12-02T22:10:00+08:00')));
    await partners.ingest(push(load('2026-12-02T22:10:00+08:00'))); // and again
    expect(late).toMatchObject({ status: 'applied', contracts: [{ recorded: 0, outdated: 1 }] });
    expect((await w.store.evidence(contract.id)).map((e) => e.occurredAt)).toEqual(['2026-12-02T23:30:00+08:00']);
    const noted = (await w.store.timeline(contract.id)).filter((e) => e.type === 'partnerFactOutdated');
    expect(noted).toEqual([expect.objectContaining({ eventId: 'SMDG/LCL/EXO/LOAD-1', version: '2026-12-02T14:10:00.000Z', current: '2026-12-02T17:00:00.000Z', evidence: expect.objectContaining({ kind: 'shipped' }) })]);
  });

  it('treats the same version delivered twice as a duplicate', async () => {
    const w = world();
    await contractAt(w);
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(push(load('2026-12-02T22:10:00+08:00')));
    expect(await partners.ingest(push(load('2026-12-02T22:10:00+08:00')))).toMatchObject({ contracts: [{ recorded: 0, duplicates: 1 }] });
  });
});

describe('retractions: the partner withdraws an event', () => {
  it('withdraws the evidence, and derives the expected dates again from what remains', async () => {
    // Prepare: two arrival estimates from two events; the later report wins.
    const w = world();
    const { contract } = await contractAt(w);
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(push(eta('ETA-1', '2026-12-01T10:00:00Z', '2027-01-05T08:00:00+01:00')));
    await partners.ingest(push(eta('ETA-2', '2026-12-02T10:00:00Z', '2027-01-09T08:00:00+01:00')));
    expect((await w.store.get(contract.id))!.expected.ETA).toEqual({ at: '2027-01-09T08:00:00+01:00', classifier: 'EST', source: 'partner.carrier.exco' });
    // Act
    await partners.ingest(push(dcsa300Retraction({ eventID: 'ETA-2', updatedAt: '2026-12-02T12:00:00Z', bookingReference: BOOKING })));
    // Assess: back to the remaining estimate; and none once that is retracted too.
    expect((await w.store.get(contract.id))!.expected.ETA?.at).toBe('2027-01-05T08:00:00+01:00');
    await partners.ingest(push(dcsa300Retraction({ eventID: 'ETA-1', updatedAt: '2026-12-02T12:00:00Z', bookingReference: BOOKING })));
    expect((await w.store.get(contract.id))!.expected.ETA).toBeUndefined();
  });

  it('finds the contract by the event id when the retraction names no reference', async () => {
    const w = world();
    const { contract } = await contractAt(w);
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(push(load('2026-12-02T22:10:00+08:00')));
    const result = await partners.ingest(push(dcsa300Retraction({ eventID: 'LOAD-1', updatedAt: '2026-12-03T02:00:00+08:00' })));
    expect(result).toMatchObject({ status: 'applied', contracts: [{ contractId: contract.id }] });
    expect(await w.store.evidence(contract.id)).toEqual([]);
    expect((await w.store.evidenceWithWithdrawn(contract.id)).withdrawn).toEqual([expect.objectContaining({ withdrawn: expect.objectContaining({ reason: 'RETRACTED' }) })]);
  });

  it('ignores the original arriving after its retraction, and counts a later re-send', async () => {
    const w = world();
    const { contract } = await contractAt(w);
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(push(dcsa300Retraction({ eventID: 'LOAD-1', updatedAt: '2026-12-03T02:00:00+08:00', bookingReference: BOOKING })));
    expect(await partners.ingest(push(load('2026-12-02T22:10:00+08:00')))).toMatchObject({ contracts: [{ recorded: 0, outdated: 1 }] });
    expect(await w.store.evidence(contract.id)).toEqual([]);
    await partners.ingest(push(load('2026-12-03T03:00:00+08:00', '2026-12-02T22:30:00+08:00')));
    expect((await w.store.evidence(contract.id)).map((e) => e.occurredAt)).toEqual(['2026-12-02T22:30:00+08:00']);
  });

  it('never moves a contract back: a retracted loading after the shipment raises a data conflict instead', async () => {
    // Prepare: L/C in place, loaded, and the workflow has moved the logistics track on to SHIPPED.
    const w = world();
    const { contract } = await contractAt(w, { paymentStage: 'PAYMENT_OUTSTANDING', logisticsStage: 'SHIPPED' });
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(envelope(lcIssued({ lcNumber: 'ING-DC-27-004411', issueDate: '2026-11-30', expiryDate: '2027-03-15', expiryPlace: 'SHANGHAI', currency: 'USD', amount: '69360.00', latestShipmentDate: '2027-02-22' })));
    await partners.ingest(push(load('2026-12-02T22:10:00+08:00')));
    // Act
    await partners.ingest(push(dcsa300Retraction({ eventID: 'LOAD-1', updatedAt: '2026-12-03T02:00:00+08:00', bookingReference: BOOKING })));
    // Assess
    const after = (await w.store.get(contract.id))!;
    expect(after.logisticsStage).toBe('SHIPPED');
    expect(after.flags).toContain('DATA_CONFLICT');
    const conflict = (await w.store.timeline(contract.id)).find((e) => e.type === 'exception' && e.exceptionClass === 'data-conflict');
    expect(conflict).toMatchObject({ severity: 'high', message: expect.stringContaining('BOOKED → SHIPPED') });
    expect(w.published).toContainEqual({ detailType: 'ExceptionRaised', detail: expect.objectContaining({ exceptionClass: 'data-conflict', contractId: contract.id }) });
    // The carrier re-sends the event: the conflict is resolved.
    await partners.ingest(push(load('2026-12-03T04:00:00+08:00')));
    expect((await w.store.get(contract.id))!.flags).not.toContain('DATA_CONFLICT');
  });

  it('does not raise a conflict when the contract had not moved on yet', async () => {
    const w = world();
    const { contract } = await contractAt(w, { logisticsStage: 'PRODUCTION' });
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(push(load('2026-12-02T22:10:00+08:00')));
    await partners.ingest(push(dcsa300Retraction({ eventID: 'LOAD-1', updatedAt: '2026-12-03T02:00:00+08:00', bookingReference: BOOKING })));
    expect((await w.store.get(contract.id))!.flags).not.toContain('DATA_CONFLICT');
  });
});
