/**
 * The desk use cases on the fake world: a late shipment raises an exception with playbook tasks,
 * escalates by the tree, de-escalates when the contract moves; policies change with versions and an audit
 * trail; tasks move when people are away; reminders go out by the matrix.
 */
import { contractFromDraft, validateContractInput } from '../../../shared/domain/contract';
import type { ContractRecord } from '../../../shared/domain/contract-record';
import { DIRECTORY } from '../../../shared/domain/policies/people';
import { makeContracts, type Actor } from '../../../shared/use-cases/contracts';
import { makeDesk } from '../../../shared/use-cases/desk';
import { makeLifecycle } from '../../../shared/use-cases/lifecycle';
import { makeNotifications } from '../../../shared/use-cases/notifications';
import { makeReminders } from '../../../shared/use-cases/reminders';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';
import { world } from '../use-cases/world';

const manager: Actor = { userId: 'u-mgr-wang', role: 'manager', email: 'wang.manager@sino-export.example' };
const operations: Actor = { userId: 'u-ops-chen', role: 'operations' };

function bookedRecord(over: Partial<ContractRecord> = {}): ContractRecord {
  const v = validateContractInput(cifShanghaiRotterdamLc());
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const at = '2027-01-20T08:00:00.000Z';
  return { contract: contractFromDraft(v.contract, '01HZZZCONTRACT00000000000D'), stage: 'SIGNED', paymentStage: 'PAYMENT_OUTSTANDING', logisticsStage: 'BOOKED', overlays: [], escalation: {}, flags: [], createdAt: at, updatedAt: at, stageEnteredAt: { main: at, logistics: at }, expected: {}, ...over };
}

async function lateShipment() {
  // Wednesday 17 Feb 2027, 09:30 in Shanghai: the latest shipment date (15 Feb) has passed.
  const w = world('2027-02-17T01:30:00Z');
  const record = bookedRecord();
  await w.store.create(record);
  const lifecycle = makeLifecycle(w.ports);
  const timeOut = async (token: string) => {
    await lifecycle.enterStage({ contractId: record.contract.id, stage: 'BOOKED', executionId: 'x', taskToken: token });
    return lifecycle.escalate({ contractId: record.contract.id, stage: 'BOOKED' });
  };
  return { w, id: record.contract.id, timeOut };
}

const mailsOf = (w: ReturnType<typeof world>) => w.mails.map((m) => `${m.to} | ${m.subject}`);

describe('a late shipment on the desk', () => {
  it('raises the exception once, creates and assigns the playbook tasks, and escalates by the tree', async () => {
    const { w, id, timeOut } = await lateShipment();

    // Level 1: the timeout raises "missed latest shipment date" (critical under an L/C)
    await timeOut('tok-1');
    const desk = makeDesk(w.ports);
    const [exception] = (await desk.listExceptions(manager, id)).items;
    expect(exception).toMatchObject({ exceptionClass: 'missed-latest-shipment-date', severity: 'critical', level: 1, status: 'OPEN', source: { kind: 'timeout', stage: 'BOOKED' } });
    expect(exception!.tasks.map((t) => [t.type, t.assignee.personId])).toEqual([['check-lc', 'zhao-fin'], ['book-freight', 'anna-vos'], ['inform-customer', 'chen-hao']]);
    expect(exception!.tasks[1]!.assignments[0]!.explanation[0]).toBe('Anna Vos has freight expertise; knows the NL market; knows the goods (HS chapter 94); is in team export-europe; has 0 of 8 open tasks and 0 assigned in the last 30 days (score 4).');
    expect(mailsOf(w)).toEqual([
      'zhao.finance@sino-export.example | [Tradeflow] Task for you on contract SJT-2026-0412: Request an L/C amendment of the latest shipment and expiry dates',
      'anna.vos@sino-export.example | [Tradeflow] Task for you on contract SJT-2026-0412: Rebook on the next sailing and confirm the ETD',
      'chen.hao@jinqiao-telecom.example | [Tradeflow] Task for you on contract SJT-2026-0412: Agree the new shipment date with the buyer',
      'chen.hao@jinqiao-telecom.example | [Tradeflow] Escalation level 1: contract SJT-2026-0412 overdue in Booked, awaiting loading',
    ]);
    expect(w.mails[3]!.text).toContain('Exception: Missed latest shipment date (critical).');
    expect(w.mails[1]!.text).toContain('Due: 2027-02-18 02:30 Europe/Amsterdam.'); // 24 hours, in Anna's own zone

    // Level 2: the team lead, management (critical) and the customer (delay notice, in each contact's language)
    w.mails.length = 0;
    w.clock.advance(25 * 3_600_000);
    await timeOut('tok-2');
    expect(mailsOf(w)).toEqual([
      'chen.hao@jinqiao-telecom.example | [Tradeflow] Escalation level 2: contract SJT-2026-0412 overdue in Booked, awaiting loading',
      'lead.export-europe@tradeflow.example | [Tradeflow] Escalation level 2: contract SJT-2026-0412 overdue in Booked, awaiting loading',
      'management@tradeflow.example | [Tradeflow] Escalation level 2: contract SJT-2026-0412 overdue in Booked, awaiting loading',
      'f.devries@vdmeer-kantoor.example | Contract SJT-2026-0412: revised shipment date',
      'wang.li@jinqiao-telecom.example | 合同 SJT-2026-0412：装运日期调整',
    ]);
    expect(w.mails[3]!.text).not.toMatch(/escalat|critical|level/i);
    // The customer's timeline shows its own e-mails, never the internal ones
    const customerTimeline = await makeContracts(w.ports).timeline({ userId: 'u-cust', role: 'customer', customerId: 'CUST-NL-0042' }, id);
    expect(customerTimeline.filter((e) => e.type === 'emailSent').map((e) => (e as { to: string }).to).sort()).toEqual(['f.devries@vdmeer-kantoor.example', 'wang.li@jinqiao-telecom.example']);
    const again = (await desk.listExceptions(manager, id)).items;
    expect(again).toHaveLength(1);
    expect(again[0]!.level).toBe(2);

    // The carrier reports the departure: SHIPPED resolves it; everyone told hears so; the tasks close
    w.mails.length = 0;
    const booked = (await w.store.get(id))!;
    await w.store.put({ ...booked, logisticsStage: 'SHIPPED', contract: { ...booked.contract, version: booked.contract.version + 1 } }, booked.contract.version);
    await makeNotifications(w.ports).notifyStageChanged({ contractId: id, stage: 'SHIPPED' });
    expect(mailsOf(w)).toEqual([
      'f.devries@vdmeer-kantoor.example | Contract SJT-2026-0412: goods shipped',
      'wang.li@jinqiao-telecom.example | 合同 SJT-2026-0412：货物已发运',
      'chen.hao@jinqiao-telecom.example | [Tradeflow] Resolved: Missed latest shipment date on contract SJT-2026-0412',
      'lead.export-europe@tradeflow.example | [Tradeflow] Resolved: Missed latest shipment date on contract SJT-2026-0412',
      'management@tradeflow.example | [Tradeflow] Resolved: Missed latest shipment date on contract SJT-2026-0412',
    ]);
    expect((await desk.listExceptions(manager, id)).items).toEqual([]);
    const [closed] = (await desk.listExceptions(manager, id, 'all')).items;
    expect(closed).toMatchObject({ status: 'RESOLVED', resolvedBy: 'system:lifecycle' });
    expect(closed!.tasks.every((t) => t.status === 'CANCELLED')).toBe(true);
    expect((await desk.listTasks(operations, 'anna.vos@sino-export.example')).items).toEqual([]);
  });

  it('lists a person\'s tasks with why, and lets them complete or move one', async () => {
    const { w, id, timeOut } = await lateShipment();
    await timeOut('tok-1');
    const desk = makeDesk(w.ports);
    const anna = await desk.listTasks(operations, 'anna-vos');
    expect(anna.assignee).toEqual({ personId: 'anna-vos', name: 'Anna Vos', email: 'anna.vos@sino-export.example' });
    expect(anna.items.map((t) => [t.contractNumber, t.title])).toEqual([['SJT-2026-0412', 'Rebook on the next sailing and confirm the ETD']]);

    const moved = await desk.actOnTask(operations, id, anna.items[0]!.taskId, { action: 'reassign', note: 'Anna is at the terminal all week.' });
    expect(moved!.assignee.personId).toBe('chen-ops');
    expect(moved!.assignments.map((a) => a.reason ?? 'first')).toEqual(['first', 'Anna is at the terminal all week.']);
    expect((await desk.listTasks(operations, 'anna-vos')).items).toEqual([]);
    expect((await desk.listTasks(operations, 'chen-ops')).items).toHaveLength(1);

    await desk.actOnTask(operations, id, moved!.taskId, { action: 'complete', note: 'Rebooked on MAERSK ESSEX 614W' });
    expect((await desk.listTasks(operations, 'chen-ops')).items).toEqual([]);
    await expect(desk.actOnTask(operations, id, moved!.taskId, { action: 'complete' })).rejects.toMatchObject({ status: 409 });
  });

  it('acknowledges (time without action restarts) and resolves by hand, from the API, queueing e-mails for the hourly run', async () => {
    const { w, id, timeOut } = await lateShipment();
    await timeOut('tok-1');
    const api = makeDesk(w.ports, { mail: 'outbox' });
    const [e] = (await api.listExceptions(manager, id)).items;
    w.clock.advance(3_600_000);
    const acked = await api.actOnException(operations, id, e!.exceptionId, { action: 'acknowledge', note: 'Calling the carrier.' });
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'u-ops-chen', lastActionAt: '2027-02-17T02:30:00.000Z' });
    await expect(api.actOnException(operations, id, e!.exceptionId, { action: 'resolve' })).rejects.toMatchObject({ status: 422 });
    w.mails.length = 0;
    await api.actOnException(operations, id, e!.exceptionId, { action: 'resolve', note: 'Buyer accepted late shipment; L/C amended.' });
    expect(w.mails).toEqual([]); // the API has no mailer: queued
    await makeDesk(w.ports).drainOutbox(id);
    expect(mailsOf(w)).toEqual(['chen.hao@jinqiao-telecom.example | [Tradeflow] Resolved: Missed latest shipment date on contract SJT-2026-0412']);
    expect(w.mails[0]!.text).toContain('resolved by u-ops-chen; no further escalation (it had reached level 1).\nBuyer accepted late shipment; L/C amended.');
    await makeDesk(w.ports).drainOutbox(id);
    expect(w.mails).toHaveLength(1);
    await expect(api.actOnException(operations, id, e!.exceptionId, { action: 'acknowledge' })).rejects.toMatchObject({ status: 409 });
  });

  it('raises by hand (force majeure): customer notice at once, in the contact\'s language', async () => {
    const { w, id } = await lateShipment();
    const desk = makeDesk(w.ports);
    const raised = await desk.raiseByHand(operations, id, { exceptionClass: 'force-majeure', message: 'Typhoon Muifa closed the port of Shanghai on 16 February.' });
    expect(raised).toMatchObject({ created: true, exception: { severity: 'critical', level: 1 } });
    expect(mailsOf(w).filter((m) => !m.includes('Task for you'))).toEqual([
      'chen.hao@jinqiao-telecom.example | [Tradeflow] critical exception on contract SJT-2026-0412: Force majeure',
      'management@tradeflow.example | [Tradeflow] critical exception on contract SJT-2026-0412: Force majeure',
      'f.devries@vdmeer-kantoor.example | Contract SJT-2026-0412: notice of force majeure',
      'wang.li@jinqiao-telecom.example | 合同 SJT-2026-0412：不可抗力通知',
    ]);
    expect((await desk.raiseByHand(operations, id, { exceptionClass: 'force-majeure', message: 'again' })).created).toBe(false); // once while open
    await expect(desk.raiseByHand({ userId: 'c', role: 'customer', customerId: 'CUST-NL-0042' }, id, { exceptionClass: 'force-majeure', message: 'x' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('policies through the desk', () => {
  it('changes a policy: manager only, validated, versioned, audited, and the change takes effect', async () => {
    const w = world('2027-02-17T01:30:00Z');
    const desk = makeDesk(w.ports);
    const current = await desk.getPolicy('task-assignment');
    expect(current).toMatchObject({ version: 0, source: 'defaults', policy: { perOpenTask: 1 } });

    await expect(desk.changePolicy(operations, 'task-assignment', { version: 0, policy: current.policy, reason: 'more weight' })).rejects.toMatchObject({ status: 403 });
    await expect(desk.changePolicy(manager, 'task-assignment', { version: 0, policy: { ...(current.policy as object), perOpenTask: -1 }, reason: 'oops' })).rejects.toMatchObject({ status: 422, details: [expect.objectContaining({ path: 'policy.perOpenTask' })] });
    await expect(desk.changePolicy(manager, 'no-such-policy', { version: 0, policy: {}, reason: 'x' })).rejects.toMatchObject({ status: 404 });

    const changed = await desk.changePolicy(manager, 'task-assignment', { version: 0, policy: { ...(current.policy as object), perOpenTask: 3 }, reason: 'Spread work more evenly in peak season.' });
    expect(changed).toEqual({ name: 'task-assignment', version: 1, updatedAt: '2027-02-17T01:30:00.000Z', updatedBy: 'u-mgr-wang', changes: ['perOpenTask'] });
    await expect(desk.changePolicy(manager, 'task-assignment', { version: 0, policy: { ...(current.policy as object), perOpenTask: 4 }, reason: 'A stale edit.' })).rejects.toMatchObject({ status: 409 });

    const after = await desk.getPolicy('task-assignment');
    expect(after).toMatchObject({ version: 1, source: 'changed', policy: { perOpenTask: 3 }, history: [{ version: 1, by: 'u-mgr-wang', reason: 'Spread work more evenly in peak season.', changes: ['perOpenTask'] }] });
    expect((await desk.getPolicy('task-assignment', 0)).policy).toMatchObject({ perOpenTask: 1 });
    expect((await desk.policies())['task-assignment'].perOpenTask).toBe(3);
    expect((await makeDesk(w.ports).policies())['task-assignment'].perOpenTask).toBe(3);
    expect((await desk.listPolicies()).find((p) => p.name === 'task-assignment')).toMatchObject({ version: 1, source: 'changed' });
  });
});

describe('the hourly desk run', () => {
  it('moves the tasks of someone who is away, and says why', async () => {
    const { w, id, timeOut } = await lateShipment();
    await timeOut('tok-1');
    const desk = makeDesk(w.ports);
    const directory = structuredClone(DIRECTORY);
    directory.people.find((p) => p.personId === 'anna-vos')!.absences = [{ from: '2027-02-17', to: '2027-02-24', reason: 'sick leave' }];
    await desk.changePolicy(manager, 'people-directory', { version: 0, policy: directory, reason: 'Anna is ill this week.' });
    w.mails.length = 0;
    await makeDesk(w.ports).sweep(id);
    const [task] = (await makeDesk(w.ports).listTasks(operations, 'chen-ops')).items;
    expect(task!.assignments.at(-1)).toMatchObject({ reason: 'Anna Vos is absent (sick leave) until 2027-02-24.', assignee: { personId: 'chen-ops' } });
    expect(mailsOf(w)).toEqual(['chen.ops@sino-export.example | [Tradeflow] Task moved to you on contract SJT-2026-0412: Rebook on the next sailing and confirm the ETD']);
  });

  it('reminds of deadlines by the matrix, in each recipient\'s working hours, once per step, and chases overdue tasks', async () => {
    // Monday 8 Feb 2027, 09:00 in Shanghai: 7 days before the latest shipment date of a standard contract
    const w = world('2027-02-08T01:00:00Z');
    const record = bookedRecord();
    await w.store.create(record);
    const reminders = makeReminders(w.ports);
    await reminders.sendDue();
    expect(mailsOf(w)).toEqual(['chen.hao@jinqiao-telecom.example | [Tradeflow] SJT-2026-0412: latest shipment date in 7 days (2027-02-15)']);
    await reminders.sendDue();
    w.clock.advance(3_600_000);
    await reminders.sendDue();
    expect(w.mails).toHaveLength(1);
    // The 2- and 1-day steps fall on the weekend: one reminder, Friday 12 Feb at 09:00 in Shanghai
    w.clock.set('2027-02-12T00:30:00Z');
    await reminders.sendDue();
    expect(w.mails).toHaveLength(1); // 08:30 local: not yet
    w.clock.set('2027-02-12T01:00:00Z');
    await reminders.sendDue();
    expect(mailsOf(w).slice(1)).toEqual(['chen.hao@jinqiao-telecom.example | [Tradeflow] SJT-2026-0412: latest shipment date in 3 days (2027-02-15)']);
  });
});
