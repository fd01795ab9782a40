/**
 * The desk end to end on the local runtime, through the API and PutEvents only: a CIF Shanghai →
 * Rotterdam contract on an L/C misses its latest shipment date. The reminder matrix warns the owner a
 * week before; the timed-out wait raises the exception, its playbook creates and assigns tasks; an
 * overdue task is chased; the tree escalates twice; the carrier's DEPA resolves it all and de-escalates.
 * The controllable clock walks the weeks; the local SES mailbox holds the exact e-mails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deskClient, type DeskClient } from '../../infra/local/desk-client';
import { lcIssued, transportEvent } from '../../infra/local/partner-event-builders';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime';
import { createAndSign } from '../../infra/local/scenarios';
import { cifShanghaiRotterdamLc } from '../fixtures/contracts';

jest.setTimeout(180_000);

let runtime: LocalRuntime;
let desk: DeskClient;
let dataDir: string;

const HOUR = 3_600_000;

/** Sets the local clock (every handler reads it through TRADEFLOW_CLOCK_OFFSET_MS). */
async function setClock(iso: string) {
  const res = await fetch(`${runtime.apiUrl}/_local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: iso }) });
  if (res.status !== 200) throw new Error(`clock: ${res.status}`);
}

async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tradeflow-desk-e2e-'));
  runtime = await startLocalRuntime({ dataDir, inMemory: true, log: (l) => process.stderr.write(l + '\n') });
  desk = deskClient(runtime);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('desk automation: a late shipment from reminder to resolution', () => {
  it('reminds, raises, assigns, chases, escalates twice and resolves on DEPA — with the exact e-mails', async () => {
    // Prepare: Monday 4 January 2027, 09:00 in Shanghai. A standard-importance contract (USD 69,360, tier B).
    await setClock('2027-01-04T01:00:00Z');
    const input = cifShanghaiRotterdamLc();
    const n = `${Date.now().toString(36)}`.toUpperCase();
    input.contractNumber = `SJT-DESK-${n}`;
    input.references = { ...input.references!, poNumber: `PO-${n}`, lcNumber: `LC-${n}` };
    if (input.paymentTerms.method === 'LC') input.paymentTerms.lcNumber = `LC-${n}`;
    input.inspection = { required: false };
    const id = await createAndSign(desk, input);
    const lc = input.paymentTerms as { expiryDate: string; latestShipmentDate: string };
    await desk.publish(lcIssued({ lcNumber: `LC-${n}`, issueDate: '2027-01-04', expiryDate: lc.expiryDate, expiryPlace: 'SHANGHAI', currency: 'USD', amount: input.totalAmount, latestShipmentDate: lc.latestShipmentDate, presentationDays: 21, tolerance: 5 }));
    await desk.waitFor(id, (c) => c.paymentStage === 'PAYMENT_OUTSTANDING');
    expect((await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKING' })).status).toBe(202);
    const booking = await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKING');
    expect((await desk.call('sales', 'PATCH', `/contracts/${id}`, { version: booking.contract.version, references: { ...booking.contract.references, bookingReferences: [`BKG${n}`] } })).status).toBe(200);
    await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKING' && c.openWaits.some((w: { stage: string }) => w.stage === 'BOOKING'));
    expect((await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKED' })).status).toBe(202);
    await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKED' && c.openWaits.some((w: { stage: string }) => w.stage === 'BOOKED'));
    await runtime.idle();
    const mine = async () => (await runtime.ses.listMessages()).filter((m) => m.subject.includes(input.contractNumber));
    const seen = async () => (await mine()).map((m) => `${m.destination.to.join(',')} | ${m.subject}`);
    const startMails = (await seen()).length; // the customer's "signed" milestone e-mails

    // Act 1: Monday 8 February, 09:30 Shanghai — a week to the latest shipment date (15 February)
    await setClock('2027-02-08T01:30:00Z');
    const reminder = `chen.hao@jinqiao-telecom.example | [Tradeflow] ${input.contractNumber}: latest shipment date in 7 days (2027-02-15)`;
    await eventually(async () => (await seen()).includes(reminder), 'the 7-day reminder');

    // Act 2: Wednesday 17 February, 09:30 Shanghai — not shipped: the BOOKED wait times out
    await setClock('2027-02-17T01:30:00Z');
    await desk.waitFor(id, (c) => (c.escalation.BOOKED ?? 0) >= 1, 30_000);
    const exceptions = (await desk.call('operations', 'GET', `/contracts/${id}/exceptions`)).body.items;
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({ exceptionClass: 'missed-latest-shipment-date', severity: 'critical', level: 1, status: 'OPEN' });
    expect(exceptions[0].tasks.map((t: { type: string; assignee: { personId: string } }) => `${t.type} → ${t.assignee.personId}`)).toEqual(['check-lc → zhao-fin', 'book-freight → anna-vos', 'inform-customer → chen-hao']);
    const annasTasks = await desk.call('operations', 'GET', '/tasks?assignee=anna.vos%40sino-export.example');
    expect(annasTasks.status).toBe(200);
    expect(annasTasks.body.items).toEqual([expect.objectContaining({ contractNumber: input.contractNumber, title: 'Rebook on the next sailing and confirm the ETD', assignments: [expect.objectContaining({ explanation: expect.arrayContaining([expect.stringMatching(/^Anna Vos has freight expertise; knows the NL market/)]) })] })]);
    expect((await desk.call('customer', 'GET', '/tasks?assignee=anna-vos')).status).toBe(403);

    // Act 3: 17:30 Shanghai — the 8-hour task to agree new dates with the buyer is overdue: its assignee is chased
    const escalatedAt = Date.parse(await desk.nowAsync()) - 60_000;
    await desk.waitFor(id, (c) => c.openWaits.some((w: { stage: string; since: string }) => w.stage === 'BOOKED' && Date.parse(w.since) >= escalatedAt));
    runtime.advanceClock(8 * HOUR);
    const chased = `chen.hao@jinqiao-telecom.example | [Tradeflow] Overdue task on contract ${input.contractNumber}: Agree the new shipment date with the buyer`;
    await eventually(async () => (await seen()).includes(chased), 'the overdue-task reminder');

    // Act 4: a day after the first escalation nothing moved: level 2
    runtime.advanceClock(16 * HOUR + 5 * 60_000);
    await desk.waitFor(id, (c) => (c.escalation.BOOKED ?? 0) >= 2, 30_000);

    // Act 5: the carrier reports the departure from Shanghai (DCSA DEPA)
    await desk.publish(transportEvent('DEPA', { bookingReference: `BKG${n}`, at: desk.now(), location: 'CNSHA' }));
    await desk.waitFor(id, (c) => c.logisticsStage === 'SHIPPED');
    const resolved = await eventually(async () => {
      const all = (await desk.call('manager', 'GET', `/contracts/${id}/exceptions?status=all`)).body.items;
      return all.find((e: { exceptionClass: string; status: string }) => e.exceptionClass === 'missed-latest-shipment-date' && e.status === 'RESOLVED');
    }, 'the exception to resolve');
    expect(resolved).toMatchObject({ level: 2, resolvedBy: 'system:lifecycle' });
    expect(resolved.tasks.every((t: { status: string }) => t.status === 'CANCELLED')).toBe(true);
    expect((await desk.call('operations', 'GET', '/tasks?assignee=anna-vos')).body.items).toEqual([]);
    await runtime.idle();

    // Assess: exactly these e-mails, once each
    const c = input.contractNumber;
    const esc = (level: number) => `[Tradeflow] Escalation level ${level}: contract ${c} overdue in Booked, awaiting loading`;
    const expected = [
      reminder,
      `zhao.finance@sino-export.example | [Tradeflow] Task for you on contract ${c}: Request an L/C amendment of the latest shipment and expiry dates`,
      `anna.vos@sino-export.example | [Tradeflow] Task for you on contract ${c}: Rebook on the next sailing and confirm the ETD`,
      `chen.hao@jinqiao-telecom.example | [Tradeflow] Task for you on contract ${c}: Agree the new shipment date with the buyer`,
      `chen.hao@jinqiao-telecom.example | ${esc(1)}`,
      chased,
      `zhao.finance@sino-export.example | [Tradeflow] Overdue task on contract ${c}: Request an L/C amendment of the latest shipment and expiry dates`,
      `chen.hao@jinqiao-telecom.example | ${esc(2)}`,
      `lead.export-europe@tradeflow.example | ${esc(2)}`,
      `management@tradeflow.example | ${esc(2)}`,
      `f.devries@vdmeer-kantoor.example | Contract ${c}: revised shipment date`,
      `wang.li@jinqiao-telecom.example | 合同 ${c}：装运日期调整`,
      `f.devries@vdmeer-kantoor.example | Contract ${c}: goods shipped`,
      `wang.li@jinqiao-telecom.example | 合同 ${c}：货物已发运`,
      `chen.hao@jinqiao-telecom.example | [Tradeflow] Resolved: Missed latest shipment date on contract ${c}`,
      `lead.export-europe@tradeflow.example | [Tradeflow] Resolved: Missed latest shipment date on contract ${c}`,
      `management@tradeflow.example | [Tradeflow] Resolved: Missed latest shipment date on contract ${c}`,
    ];
    const got = (await seen()).slice(startMails);
    expect([...got].sort()).toEqual([...expected].sort());

    // The words: internal escalation names the exception; the customer hears only what its level allows
    const mails = await mine();
    const text = (to: string, subject: string) => mails.find((m) => m.destination.to.includes(to) && m.subject === subject)!.body.text!;
    expect(text('management@tradeflow.example', esc(2))).toContain('Exception: Missed latest shipment date (critical).');
    const notice = text('f.devries@vdmeer-kantoor.example', `Contract ${c}: revised shipment date`);
    expect(notice).toContain('could not be shipped by the latest shipment date 2027-02-15');
    expect(notice).not.toMatch(/escalat|critical|management|level/i);
    expect(text('f.devries@vdmeer-kantoor.example', `Contract ${c}: goods shipped`)).toMatch(/shipped from CNSHA to NLRTM\. Vessel: /);
  });

  it('serves the policies and exceptions API: role-restricted, validated, versioned, audited', async () => {
    // Policies: staff read, managers change with the version they read
    const list = await desk.call('operations', 'GET', '/policies');
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['escalation-tree', 'reminder-matrix', 'people-directory', 'customer-communication']));
    const tree = await desk.call('operations', 'GET', '/policies/escalation-tree');
    expect(tree.body).toMatchObject({ version: 0, source: 'defaults' });
    const policy = structuredClone(tree.body.policy);
    policy.rows.find((r: { id: string }) => r.id === 'team-lead').when.minLevel = 1;
    const body = { version: 0, reason: 'Peak season: team leads hear about everything at once.', policy };
    expect((await desk.call('operations', 'PUT', '/policies/escalation-tree', body)).status).toBe(403);
    const invalid = await desk.call('manager', 'PUT', '/policies/escalation-tree', { ...body, policy: { ...policy, rows: [] } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details[0]).toMatchObject({ path: 'policy.rows' });
    const changed = await desk.call('manager', 'PUT', '/policies/escalation-tree', body);
    expect(changed.body).toMatchObject({ version: 1, updatedBy: 'u-mgr-wang', changes: ['rows.2.when.minLevel'] });
    expect((await desk.call('manager', 'PUT', '/policies/escalation-tree', body)).status).toBe(409);
    const history = await desk.call('finance', 'GET', '/policies/escalation-tree');
    expect(history.body).toMatchObject({ version: 1, history: [{ version: 1, by: 'u-mgr-wang', reason: body.reason }] });
    expect((await desk.call('finance', 'GET', '/policies/escalation-tree?version=0')).body.policy.rows[2].when.minLevel).toBe(2);
    expect((await desk.call('manager', 'GET', '/policies/no-such-policy')).status).toBe(400);

    // Exceptions by hand: raise, acknowledge, resolve
    const input = cifShanghaiRotterdamLc();
    input.contractNumber = `SJT-FM-${Date.now().toString(36).toUpperCase()}`;
    input.references = { ...input.references!, poNumber: `PO-${input.contractNumber}`, lcNumber: `LC-${input.contractNumber}` };
    if (input.paymentTerms.method === 'LC') input.paymentTerms.lcNumber = `LC-${input.contractNumber}`;
    const created = await desk.call('sales', 'POST', '/contracts', input);
    const id = created.body.contract.id;
    expect((await desk.call('operations', 'POST', `/contracts/${id}/exceptions`, { exceptionClass: 'volcano' , message: 'x' })).status).toBe(422);
    const raised = await desk.call('operations', 'POST', `/contracts/${id}/exceptions`, { exceptionClass: 'customs-hold', message: 'Rotterdam customs selected container APZU4812090 for a physical check.' });
    expect(raised.status).toBe(201);
    expect(raised.body.exception).toMatchObject({ exceptionClass: 'customs-hold', severity: 'medium', status: 'OPEN' });
    const exceptionId = raised.body.exception.exceptionId;
    const url = `/contracts/${id}/exceptions/${exceptionId}`;
    expect((await desk.call('operations', 'POST', url, { action: 'acknowledge', note: 'Broker is on it.' })).body).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'u-ops-chen' });
    expect((await desk.call('operations', 'POST', url, { action: 'resolve' })).status).toBe(422);
    expect((await desk.call('operations', 'POST', url, { action: 'resolve', note: 'Released after inspection.' })).body).toMatchObject({ status: 'RESOLVED', resolvedBy: 'u-ops-chen' });
    expect((await desk.call('operations', 'POST', url, { action: 'resolve', note: 'again' })).status).toBe(409);
    expect((await desk.call('operations', 'GET', `/contracts/${id}/exceptions`)).body.items).toEqual([]);
    expect((await desk.call('customer', 'GET', `/contracts/${id}/exceptions`)).status).toBe(403);
  });
});
