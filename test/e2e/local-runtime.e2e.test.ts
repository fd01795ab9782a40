/**
 * End to end on the local runtime: contracts driven only through the HTTP API and PutEvents, with the
 * same handlers, ASL, routes and rules the cloud stack deploys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime';
import { deskClient, type DeskClient } from '../../infra/local/desk-client';
import { bookingConfirmed, equipmentEvent, lcIssued, paymentReceived, transportEvent } from '../../infra/local/partner-event-builders';
import { createAndSign, lcContractToClosed } from '../../infra/local/scenarios';
import { cifShanghaiRotterdamLc, fobTtDeposit } from '../fixtures/contracts';

jest.setTimeout(120_000);

let runtime: LocalRuntime;
let desk: DeskClient;
let dataDir: string;
let seq = 0;

/** An instant `hours` before the local clock's now: partners report the past, never the future. */
async function ago(hours: number): Promise<string> {
  const now = Date.parse(await desk.nowAsync());
  return new Date(now - hours * 3_600_000).toISOString();
}

function uniqueLc() {
  const n = `${Date.now().toString(36)}${++seq}`.toUpperCase();
  const c = cifShanghaiRotterdamLc();
  c.contractNumber = `SJT-E2E-${n}`;
  c.references = { ...c.references!, poNumber: `PO-${n}`, lcNumber: `LC-${n}` };
  if (c.paymentTerms.method === 'LC') c.paymentTerms.lcNumber = `LC-${n}`;
  return { input: c, n };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tradeflow-e2e-'));
  runtime = await startLocalRuntime({ dataDir, inMemory: true, log: (l) => process.stderr.write(l + '\n') });
  desk = deskClient(runtime);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a CIF Shanghai → Rotterdam contract on an L/C at sight', () => {
  it('goes from draft to closed through the API and partner events, telling the customer once per milestone', async () => {
    const { input, n } = uniqueLc();
    const id = await lcContractToClosed(desk, input, () => undefined, `BKG${n}`);

    const timeline = (await desk.call('manager', 'GET', `/contracts/${id}/timeline`)).body.items as Array<{ type: string; stage?: string }>;
    const stages = timeline.filter((e) => e.type === 'stageEntered').map((e) => e.stage);
    expect(stages).toEqual(expect.arrayContaining(['DRAFT', 'AWAITING_SIGNATURE', 'SIGNED', 'AWAITING_PAYMENT_SECURITY', 'PAYMENT_OUTSTANDING', 'PAID', 'PRODUCTION', 'INSPECTION', 'BOOKING', 'BOOKED', 'SHIPPED', 'ARRIVED', 'DELIVERED', 'CLOSED']));
    // Paid before the goods arrived: the payment track finished first.
    expect(stages.indexOf('PAID')).toBeLessThan(stages.indexOf('ARRIVED'));

    await runtime.idle();
    const mail = (await runtime.ses.listMessages()).filter((m) => m.subject.includes(input.contractNumber));
    const subjects = mail.map((m) => `${m.destination.to.join(",")} ${m.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      `f.devries@vdmeer-kantoor.example Contract ${input.contractNumber}: goods shipped`,
      `wang.li@jinqiao-telecom.example 合同 ${input.contractNumber}：货物已发运`,
      `f.devries@vdmeer-kantoor.example Contract ${input.contractNumber} is complete`,
    ]));
    expect(new Set(subjects).size).toBe(subjects.length); // no e-mail twice

    const customer = await desk.call('customer', 'GET', `/contracts/${id}/timeline`);
    expect(customer.status).toBe(200);
    expect(customer.body.items.every((e: { type: string }) => ['stageEntered', 'evidence', 'emailSent'].includes(e.type))).toBe(true);
  });

  it('ignores duplicate and out-of-order carrier events: arrival before departure, each sent twice', async () => {
    const { input, n } = uniqueLc();
    const id = await createAndSign(desk, input);
    const lc = input.paymentTerms as { expiryDate: string; latestShipmentDate: string };
    await desk.publish(lcIssued({ lcNumber: `LC-${n}`, issueDate: (await ago(48)).slice(0, 10), expiryDate: lc.expiryDate, expiryPlace: 'SHANGHAI', currency: 'USD', amount: input.totalAmount, latestShipmentDate: lc.latestShipmentDate }));
    const current = (await desk.waitFor(id, (c) => c.paymentStage === 'PAYMENT_OUTSTANDING')) as any;
    expect((await desk.call('sales', 'PATCH', `/contracts/${id}`, { version: current.contract.version, references: { ...current.contract.references, bookingReferences: [`BKG${n}`] } })).status).toBe(200);
    const arri = transportEvent('ARRI', { bookingReference: `BKG${n}`, at: await ago(1), location: 'NLRTM' });
    const load = equipmentEvent('LOAD', { bookingReference: `BKG${n}`, at: await ago(20), location: 'CNSHA' });
    const conf = bookingConfirmed({ bookingReference: `BKG${n}`, at: await ago(30) });
    // The arrival reaches us first (twice); the booking and loading arrive late (twice each).
    await desk.publish(arri, arri);
    await runtime.idle();
    await desk.publish(conf, load, conf, load);
    await runtime.idle();
    // A loaded container proves production was complete: the contract moves on to inspection by itself,
    // which only a person can confirm; the carrier's facts already on record then carry it to ARRIVED.
    await desk.waitFor(id, (c) => c.logisticsStage === 'INSPECTION' && c.openWaits.some((w: { stage: string }) => w.stage === 'INSPECTION'));
    expect((await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKING' })).status).toBe(202);
    const arrived = await desk.waitFor(id, (c) => c.logisticsStage === 'ARRIVED');
    const timeline = (await desk.call('manager', 'GET', `/contracts/${id}/timeline`)).body.items as Array<{ type: string; evidence?: { kind: string } }>;
    const evidence = timeline.filter((e) => e.type === 'evidence').map((e) => e.evidence!.kind);
    expect(evidence.filter((k) => k === 'arrived')).toHaveLength(1);
    expect(evidence.filter((k) => k === 'shipped')).toHaveLength(1);
    expect(arrived.flags).toEqual(expect.arrayContaining(['EVIDENCE_OUT_OF_ORDER']));
    await runtime.idle();
    const shippedMails = (await runtime.ses.listMessages()).filter((m) => m.subject === `Contract ${input.contractNumber}: goods shipped`);
    expect(shippedMails).toHaveLength(1);
  });
});

describe('a FOB contract on T/T with a 30% deposit', () => {
  it('does not count a shipment before the deposit, flags it, and moves on when the deposit arrives', async () => {
    const input = fobTtDeposit();
    const n = `${Date.now().toString(36)}${++seq}`.toUpperCase();
    input.contractNumber = `ZHH-E2E-${n}`;
    input.references = { poNumber: `PCH-${n}`, bookingReferences: [`COSU${n}`], billOfLadingNumbers: [] };
    const id = await createAndSign(desk, input);
    expect((await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKING' })).status).toBe(202);
    await desk.publish(bookingConfirmed({ bookingReference: `COSU${n}`, at: await ago(5) }));
    await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKED');
    await desk.publish(equipmentEvent('LOAD', { bookingReference: `COSU${n}`, at: await ago(2), location: 'CNSHA' }));
    const flagged = await desk.waitFor(id, (c) => c.flags.includes('SHIPPED_BEFORE_SECURITY'));
    expect(flagged.logisticsStage).toBe('BOOKED');
    // A person cannot force it either: the 409 names the unmet condition.
    const refused = await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'SHIPPED' });
    expect(refused.status).toBe(409);
    expect(refused.body.details.map((d: { code: string }) => d.code)).toContain('securityInPlace');
    await desk.publish(paymentReceived({ date: (await ago(0)).slice(0, 10), currency: 'USD', amount: '12186.00', poNumber: `PCH-${n}`, deposit: true }));
    const moved = await desk.waitFor(id, (c) => c.logisticsStage === 'SHIPPED' && c.paymentStage === 'PAYMENT_OUTSTANDING');
    expect(moved.stage).toBe('SIGNED');
  });
});

describe('a delayed shipment', () => {
  it('times out at the latest shipment date, escalates to the owner then the team lead, and e-mails them', async () => {
    const { input } = uniqueLc();
    input.inspection = { required: false };
    const id = await createAndSign(desk, input);
    expect((await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKING' })).status).toBe(202);
    await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKING');
    expect((await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKED' })).status).toBe(202);
    await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKED' && c.openWaits.some((w: { stage: string }) => w.stage === 'BOOKED'));
    runtime.advanceClock(90 * 86_400_000); // well past 2027-02-15
    const escalated = await desk.waitFor(id, (c) => (c.escalation.BOOKED ?? 0) >= 1);
    expect(escalated.logisticsStage).toBe('BOOKED');
    // The workflow waits again, now on the level-1 cadence (a day): let a further two days pass.
    const escalatedAt = Date.parse(await desk.nowAsync()) - 60_000;
    await desk.waitFor(id, (c) => c.openWaits.some((w: { stage: string; since: string }) => w.stage === 'BOOKED' && Date.parse(w.since) >= escalatedAt));
    runtime.advanceClock(2 * 86_400_000);
    await desk.waitFor(id, (c) => (c.escalation.BOOKED ?? 0) >= 2);
    await runtime.idle();
    const mails = (await runtime.ses.listMessages()).filter((m) => m.subject.includes(input.contractNumber) && m.subject.includes('Escalation'));
    expect(mails.flatMap((m) => m.destination.to)).toEqual(expect.arrayContaining(['chen.hao@jinqiao-telecom.example', 'lead.export-europe@tradeflow.example']));
  });
});

describe('approvals', () => {
  it('accepts one decision, answers 409 to a second, 404 to a forged id and 403 to the owner', async () => {
    const { input } = uniqueLc();
    input.customer = { tier: 'C', isNew: true };
    const created = await desk.call('sales', 'POST', '/contracts', input);
    const id = created.body.contract.id;
    await desk.waitFor(id, (c) => c.openWaits.length > 0);
    expect((await desk.call('sales', 'POST', `/contracts/${id}/transitions`, { to: 'AWAITING_SIGNATURE' })).status).toBe(409);
    expect((await desk.call('sales', 'POST', `/contracts/${id}/transitions`, { to: 'PENDING_APPROVAL' })).status).toBe(202);
    const pending = await desk.waitFor(id, (c) => c.pendingApprovalId);
    const url = `/contracts/${id}/approvals/${pending.pendingApprovalId}`;
    expect((await desk.call('manager', 'POST', `/contracts/${id}/approvals/01FORGED000000000000000000`, { decision: 'approve' })).status).toBe(404);
    expect((await desk.call('sales', 'POST', url, { decision: 'approve' })).status).toBe(403);
    expect((await desk.call('manager', 'POST', url, { decision: 'approve' })).status).toBe(200);
    const second = await desk.call('manager', 'POST', url, { decision: 'reject', comment: 'too late' });
    expect([409, 410]).toContain(second.status);
    await desk.waitFor(id, (c) => c.stage === 'AWAITING_SIGNATURE');
  });
});

describe('bad input gets a clear 4xx that names the field and the rule', () => {
  it.each([
    ['no token', null, 'GET', '/contracts', undefined, {}, 401],
    ['a forged token', null, 'GET', '/contracts', undefined, { authorization: 'Bearer abc.def.ghi' }, 401],
    ['a customer creating a contract', 'customer', 'POST', '/contracts', {}, {}, 403],
    ['an unknown contract', 'operations', 'GET', '/contracts/01UNKNOWN0000000000000000', undefined, {}, 404],
    ['a body that is not JSON', 'sales', 'POST', '/contracts', '{"contractNumber":', {}, 400],
    ['a body sent as text/plain', 'sales', 'POST', '/contracts', 'x', { 'content-type': 'text/plain' }, 415],
    ['a body over 256 KiB', 'sales', 'POST', '/contracts', JSON.stringify({ x: 'a'.repeat(300_000) }), {}, 413],
    ['an invalid contract', 'sales', 'POST', '/contracts', { contractNumber: 'X-1' }, {}, 422],
    ['a bad query parameter', 'operations', 'GET', '/contracts?limit=5000', undefined, {}, 400],
    ['an unknown stage', 'operations', 'GET', '/contracts?stage=SAILING', undefined, {}, 400],
  ])('%s', async (_name, role, method, path, body, headers, status) => {
    const res = await desk.call(role as any, method, path, body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
    expect(res.body.message).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });

  it('names the field and rule of an invalid contract', async () => {
    const { input } = uniqueLc();
    const bad = { ...input, incoterms: { rule: 'C&F', namedPlace: 'Rotterdam', version: '2020' }, totalAmount: '1.00' };
    const res = await desk.call('sales', 'POST', '/contracts', bad);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'incoterms.rule', message: expect.stringContaining('CFR') })]));
  });

  it('answers a stale version with 409 and a taken contract number with 409', async () => {
    const { input } = uniqueLc();
    const created = await desk.call('sales', 'POST', '/contracts', input);
    expect(created.status).toBe(201);
    const again = await desk.call('sales', 'POST', '/contracts', input);
    expect(again.status).toBe(409);
    const stale = await desk.call('sales', 'PATCH', `/contracts/${created.body.contract.id}`, { version: 1, team: 'export-asia' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('StaleVersion');
  });

  it('quarantines a partner event it cannot apply, and lists it for operations', async () => {
    await desk.publish(transportEvent('DEPA', { bookingReference: 'BKG-NOBODY', at: await ago(1), location: 'CNSHA' }));
    await runtime.idle();
    const q = await desk.call('operations', 'GET', '/quarantine');
    expect(q.status).toBe(200);
    expect(q.body.items.some((i: { reason: string; message: string }) => i.reason === 'NO_MATCHING_CONTRACT' && i.message.includes('BKG-NOBODY'))).toBe(true);
  });
});
