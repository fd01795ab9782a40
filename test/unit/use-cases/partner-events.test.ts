import { contractFromDraft, validateContractInput } from '../../../shared/domain/contract';
import type { ContractRecord } from '../../../shared/domain/contract-record';
import { makePartnerEvents } from '../../../shared/use-cases/partner-events';
import { equipmentEvent, lcIssued, transportEvent } from '../../../infra/local/partner-event-builders';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';
import { world } from './world';

const envelope = (e: { Source: string; DetailType: string; Detail: string }) => ({ source: e.Source, 'detail-type': e.DetailType, detail: JSON.parse(e.Detail) });

async function signedContract(w: ReturnType<typeof world>): Promise<ContractRecord> {
  const input = cifShanghaiRotterdamLc();
  input.references = { ...input.references!, bookingReferences: ['BKG270120001'] };
  const v = validateContractInput(input);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const at = '2026-12-03T08:00:00.000Z';
  const record: ContractRecord = { contract: contractFromDraft(v.contract, '01HZZZCONTRACT00000000000B'), stage: 'SIGNED', paymentStage: 'AWAITING_PAYMENT_SECURITY', logisticsStage: 'BOOKED', overlays: [], escalation: {}, flags: [], createdAt: at, updatedAt: at, stageEnteredAt: { main: at }, expected: {} };
  await w.store.create(record);
  return record;
}

const lc = (over: Partial<Parameters<typeof lcIssued>[0]> = {}) =>
  envelope(lcIssued({ lcNumber: 'ING-DC-27-004411', issueDate: '2026-12-02', expiryDate: '2027-03-15', expiryPlace: 'SHANGHAI', currency: 'USD', amount: '69360.00', latestShipmentDate: '2027-02-22', ...over }));

describe('ingesting partner events', () => {
  it('records an issued L/C that matches the contract as evidence', async () => {
    const w = world();
    const record = await signedContract(w);
    const result = await makePartnerEvents(w.ports).ingest(lc());
    expect(result).toEqual({ status: 'applied', contracts: [{ contractId: record.contract.id, recorded: 1, duplicates: 0, ignored: 0 }] });
    expect((await w.store.evidence(record.contract.id)).map((e) => e.kind)).toEqual(['lcIssued']);
  });

  it.each([
    ['a lower amount', { amount: '60000.00' }, /below the contract total/],
    ['an earlier expiry', { expiryDate: '2027-03-01' }, /expires 2027-03-01, before the agreed 2027-03-15/],
    ['another currency', { currency: 'EUR' }, /currency EUR differs/],
    ['a shorter presentation period', { presentationDays: 10 }, /presentation period 10 days/],
  ])('raises a discrepancy for an L/C with %s instead of accepting it', async (_name, over, message) => {
    const w = world();
    const record = await signedContract(w);
    await makePartnerEvents(w.ports).ingest(lc(over));
    expect(await w.store.evidence(record.contract.id)).toEqual([]);
    const exception = (await w.store.timeline(record.contract.id)).find((e) => e.type === 'exception');
    expect(exception).toMatchObject({ exceptionClass: 'documentary-discrepancy', severity: 'high', message: expect.stringMatching(message) });
    expect((await w.store.get(record.contract.id))!.flags).toContain('LC_DISCREPANCY');
  });

  it('applies a re-delivered event once', async () => {
    const w = world();
    const record = await signedContract(w);
    const event = envelope(equipmentEvent('LOAD', { bookingReference: 'BKG270120001', at: '2026-12-03T06:00:00+08:00', location: 'CNSHA' }));
    const partners = makePartnerEvents(w.ports);
    await partners.ingest(event);
    const second = await partners.ingest(event);
    expect(second).toMatchObject({ status: 'applied', contracts: [{ recorded: 0, duplicates: 1 }] });
    expect((await w.store.evidence(record.contract.id)).filter((e) => e.kind === 'shipped')).toHaveLength(1);
  });

  it('does not take a departure from a transhipment port as the shipment', async () => {
    const w = world();
    const record = await signedContract(w);
    await makePartnerEvents(w.ports).ingest(envelope(transportEvent('DEPA', { bookingReference: 'BKG270120001', at: '2026-12-03T06:00:00+08:00', location: 'SGSIN' })));
    expect(await w.store.evidence(record.contract.id)).toEqual([]);
    expect((await w.store.timeline(record.contract.id)).find((e) => e.type === 'evidenceIgnored')).toMatchObject({ reason: expect.stringContaining('SGSIN') });
  });

  it.each([
    ['an unknown format', { source: 'partner.carrier.x', 'detail-type': 'DCSA.TrackAndTrace.Event', detail: {} }, 'UNKNOWN_FORMAT'],
    ['a schema error', { source: 'partner.carrier.x', 'detail-type': 'DCSA.TrackAndTrace.v2.2', detail: { eventType: 'TRANSPORT' } }, 'SCHEMA'],
    ['no matching contract', envelope(transportEvent('DEPA', { bookingReference: 'BKG-UNKNOWN', at: '2026-12-03T06:00:00+08:00', location: 'CNSHA' })), 'NO_MATCHING_CONTRACT'],
  ])('quarantines %s with the reason, and replays it once linked', async (_name, event, reason) => {
    const w = world();
    const record = await signedContract(w);
    const partners = makePartnerEvents(w.ports);
    const result = await partners.ingest(event);
    expect(result).toMatchObject({ status: 'quarantined', reason });
    const listed = await partners.listQuarantine(10);
    expect(listed.items).toHaveLength(1);
    if (reason === 'NO_MATCHING_CONTRACT') {
      const replayed = await partners.replay((result as { quarantineId: string }).quarantineId, record.contract.id);
      expect(replayed).toMatchObject({ status: 'applied', contracts: [{ recorded: 1 }] });
      expect((await partners.listQuarantine(10)).items[0]).toMatchObject({ status: 'REPLAYED', linkedContractId: record.contract.id });
    }
  });

  it('quarantines events for a closed contract instead of changing it', async () => {
    const w = world();
    const record = await signedContract(w);
    await w.store.put({ ...record, stage: 'CLOSED', contract: { ...record.contract, version: 2 } }, 1);
    const result = await makePartnerEvents(w.ports).ingest(envelope(transportEvent('ARRI', { bookingReference: 'BKG270120001', at: '2026-12-03T06:00:00+01:00', location: 'NLRTM' })));
    expect(result).toMatchObject({ status: 'quarantined', reason: 'CONTRACT_CLOSED' });
  });
});

describe('hostile partner events', () => {
  it('quarantines a deeply nested or prototype-laden event instead of failing the delivery', async () => {
    const w = world();
    await signedContract(w);
    let deep: unknown = { end: true };
    for (let i = 0; i < 3000; i++) deep = { next: deep };
    const partners = makePartnerEvents(w.ports);
    const nested = await partners.ingest({ source: 'partner.bank.x', 'detail-type': 'Payment.Received', detail: deep });
    const proto = await partners.ingest({ source: 'partner.bank.x', 'detail-type': 'Payment.Received', detail: JSON.parse('{"__proto__": {"admin": true}, "fields": {"__proto__": {"x": 1}}}') });
    expect(nested).toMatchObject({ status: 'quarantined' });
    expect(proto).toMatchObject({ status: 'quarantined' });
    expect((await partners.listQuarantine(10)).items).toHaveLength(2);
  });

  it('lets a transient infrastructure failure escape so the delivery is retried', async () => {
    const w = world();
    await signedContract(w);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });
    w.ports.store.findByReference = async () => {
      throw throttled;
    };
    await expect(makePartnerEvents(w.ports).ingest(lc())).rejects.toBe(throttled);
  });
});
