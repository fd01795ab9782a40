import { DomainError } from '../../../shared/domain/errors';
import { makeContracts, mergePatch, type Actor } from '../../../shared/use-cases/contracts';
import { makeLifecycle } from '../../../shared/use-cases/lifecycle';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';
import { world } from './world';

const sales: Actor = { userId: 'u-sales-1', role: 'sales' };
const ops: Actor = { userId: 'u-ops-1', role: 'operations' };
const finance: Actor = { userId: 'u-fin-1', role: 'finance' };
const ownCustomer: Actor = { userId: 'c1', role: 'customer', customerId: 'CUST-NL-0042' };
const otherCustomer: Actor = { userId: 'c2', role: 'customer', customerId: 'CUST-XX-0001' };

async function statusOf(p: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.status;
    throw e;
  }
}

describe('contracts', () => {
  it('lets a customer see its own contract and nothing of anyone else’s', async () => {
    const w = world();
    const contracts = makeContracts(w.ports);
    const created = await contracts.create(sales, cifShanghaiRotterdamLc());
    expect(await statusOf(contracts.get(ownCustomer, created.contract.id))).toBe('ok');
    expect(await statusOf(contracts.get(otherCustomer, created.contract.id))).toBe(404);
    expect((await contracts.list(otherCustomer, {}, 10)).items).toEqual([]);
    expect((await contracts.list(otherCustomer, { customerId: 'CUST-NL-0042' }, 10)).items).toEqual([]);
    expect((await contracts.list(ownCustomer, {}, 10)).items).toHaveLength(1);
  });

  it('shows a customer the terms and stages, never the seller’s internal matters', async () => {
    const w = world();
    const contracts = makeContracts(w.ports);
    const created = await contracts.create(sales, cifShanghaiRotterdamLc());
    await makeLifecycle(w.ports).update(created.contract.id, (r) => ({ record: { ...r, escalation: { DRAFT: 2 }, flags: ['STUCK_BEYOND_SLA'] }, timeline: [] }));
    const seen = JSON.stringify(await contracts.get(ownCustomer, created.contract.id));
    for (const internal of ['"escalation"', '"flags"', '"desk"', '"isNew"', '"tier"', '"team"', '"userId"', 'pendingApprovalId', 'executionArn', 'openWaits']) expect(seen).not.toContain(internal);
    expect(JSON.parse(seen)).toMatchObject({ stage: 'DRAFT', contract: { contractNumber: 'SJT-2026-0412' } });
    const listed = JSON.stringify((await contracts.list(ownCustomer, { flag: 'STUCK_BEYOND_SLA' }, 10)).items);
    expect(listed).toContain('SJT-2026-0412');
    expect(listed).not.toContain('"escalation"');
  });

  it('rejects an invalid contract with field-named issues (422), never an exception', async () => {
    const contracts = makeContracts(world().ports);
    const error = await contracts.create(sales, { ...cifShanghaiRotterdamLc(), totalAmount: '1.00' }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(422);
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'totalAmount', rule: 'amounts.total-matches-lines' })]));
  });

  it('answers 409 with the unmet conditions when a shipment is requested before the L/C', async () => {
    const w = world();
    const contracts = makeContracts(w.ports);
    const { contract } = await contracts.create(sales, cifShanghaiRotterdamLc());
    await makeLifecycle(w.ports).update(contract.id, (r) => ({ record: { ...r, stage: 'SIGNED', paymentStage: 'AWAITING_PAYMENT_SECURITY', logisticsStage: 'BOOKED' }, timeline: [] }));
    const error = await contracts.requestTransition(ops, contract.id, { to: 'SHIPPED' }).catch((e) => e);
    expect(error.status).toBe(409);
    expect(error.details.map((d: { code: string }) => d.code)).toEqual(['securityInPlace']);
    // nothing was asserted on the contract's behalf
    expect(await w.store.evidence(contract.id)).toEqual([]);
    // finance may not confirm loading; sales may not confirm it either
    expect(await statusOf(contracts.requestTransition(finance, contract.id, { to: 'SHIPPED' }))).toBe(403);
  });

  it('locks the terms after the draft stage but lets references change', async () => {
    const w = world();
    const contracts = makeContracts(w.ports);
    const { contract } = await contracts.create(sales, cifShanghaiRotterdamLc());
    const signed = await makeLifecycle(w.ports).update(contract.id, (r) => ({ record: { ...r, stage: 'SIGNED' }, timeline: [] }));
    const v = signed.contract.version;
    expect(await statusOf(contracts.update(sales, contract.id, { totalAmount: '1.00' }, v))).toBe(409);
    expect(await statusOf(contracts.update(sales, contract.id, { references: { ...contract.references, bookingReferences: ['BKG1'] } }, v - 1))).toBe(409);
    const updated = await contracts.update(sales, contract.id, { references: { ...contract.references, bookingReferences: ['BKG1'] } }, v);
    expect(updated.contract.references.bookingReferences).toEqual(['BKG1']);
    expect(updated.contract.version).toBe(v + 1);
  });

  it('refuses to change the id, and makes no new version for an empty patch', async () => {
    const w = world();
    const contracts = makeContracts(w.ports);
    const { contract } = await contracts.create(sales, cifShanghaiRotterdamLc());
    const error = await contracts.update(sales, contract.id, { id: 'HIJACK' }, contract.version).catch((e) => e);
    expect(error.status).toBe(422);
    expect(error.details).toEqual([expect.objectContaining({ path: 'id', rule: 'contract.immutable-field' })]);
    expect((await contracts.update(sales, contract.id, {}, contract.version)).contract.version).toBe(contract.version);
  });

  it('refuses evidence dated in the future, and names the transitions the terms allow', async () => {
    const w = world();
    const contracts = makeContracts(w.ports);
    const input = cifShanghaiRotterdamLc();
    input.customer = { tier: 'C', isNew: true }; // needs approval
    const { contract } = await contracts.create(sales, input);
    const future = await contracts.requestTransition(sales, contract.id, { to: 'PENDING_APPROVAL', occurredAt: '2030-01-01T00:00:00Z' }).catch((e) => e);
    expect(future.status).toBe(422);
    expect(future.details[0]).toMatchObject({ path: 'occurredAt', rule: 'evidence.not-future' });
    const skip = await contracts.requestTransition(sales, contract.id, { to: 'AWAITING_SIGNATURE' }).catch((e) => e);
    expect(skip.status).toBe(409);
    expect(skip.code).toBe('TransitionNotAllowed');
    expect(skip.details[0].message).toMatch(/possible: PENDING_APPROVAL/);
  });

  it('ignores prototype keys in a patch', () => {
    const merged = mergePatch({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "b": 2}')) as Record<string, unknown>;
    expect(merged).toEqual({ a: 1, b: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('merges patches per RFC 7396', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({ a: 1, b: { d: 3, e: 4 }, f: [1] });
  });
});
