/**
 * Contract lifecycles played through the real interfaces: people act through the HTTP API, carriers and
 * banks through PutEvents. The demo, the end-to-end tests and the benchmark share them.
 */
import type { ContractInput } from '../../shared/domain/contract';
import type { DeskClient } from './desk-client';
import { bookingConfirmed, equipmentEvent, lcIssued, paymentReceived, transportEvent } from './partner-event-builders';

type Log = (line: string) => void;

function expectStatus(res: { status: number; body: unknown }, status: number, what: string) {
  if (res.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Creates the draft, submits it, takes it through approval when the policy asks, and signs it. */
export async function createAndSign(desk: DeskClient, input: ContractInput, log: Log = () => undefined): Promise<string> {
  const created = expectStatus(await desk.call('sales', 'POST', '/contracts', input), 201, 'create contract');
  const id: string = created.contract.id;
  log(`  ${input.contractNumber}: draft created (${id})`);
  await desk.waitFor(id, (c) => c.openWaits.some((w: { stage: string }) => w.stage === 'DRAFT'));
  const contract = await desk.call('sales', 'GET', `/contracts/${id}`);
  const needsApproval = !(await desk.call('sales', 'POST', `/contracts/${id}/transitions`, { to: 'AWAITING_SIGNATURE' })).status.toString().startsWith('2');
  if (needsApproval) {
    expectStatus(await desk.call('sales', 'POST', `/contracts/${id}/transitions`, { to: 'PENDING_APPROVAL' }), 202, 'submit for approval');
    const pending = await desk.waitFor(id, (c) => c.stage === 'PENDING_APPROVAL' && c.pendingApprovalId);
    log(`  ${input.contractNumber}: approval requested (${pending.pendingApprovalId})`);
    expectStatus(await desk.call('manager', 'POST', `/contracts/${id}/approvals/${pending.pendingApprovalId}`, { decision: 'approve', comment: 'Terms checked.' }), 200, 'approve');
    log(`  ${input.contractNumber}: approved by the manager`);
  }
  void contract;
  await desk.waitFor(id, (c) => c.stage === 'AWAITING_SIGNATURE' && c.openWaits.some((w: { stage: string }) => w.stage === 'AWAITING_SIGNATURE'));
  expectStatus(await desk.call('sales', 'POST', `/contracts/${id}/transitions`, { to: 'SIGNED' }), 202, 'sign');
  await desk.waitFor(id, (c) => c.stage === 'SIGNED' && c.logisticsStage === 'PRODUCTION');
  log(`  ${input.contractNumber}: signed; payment and logistics tracks started`);
  return id;
}

/** CIF Shanghai → Rotterdam on an L/C at sight, from draft to closed. */
export async function lcContractToClosed(desk: DeskClient, input: ContractInput, log: Log = () => undefined, bookingReference = `BKG${Math.floor(Math.random() * 1e9)}`): Promise<string> {
  if (input.paymentTerms.method !== 'LC') throw new Error('lcContractToClosed needs L/C terms');
  const lc = input.paymentTerms;
  const po = input.references!.poNumber!;
  const id = await createAndSign(desk, input, log);
  await desk.publish(lcIssued({ lcNumber: lc.lcNumber!, issueDate: (await desk.nowAsync()).slice(0, 10), expiryDate: lc.expiryDate, expiryPlace: 'SHANGHAI', currency: input.currency, amount: input.totalAmount, latestShipmentDate: lc.latestShipmentDate, presentationDays: lc.presentationDays ?? 21, tolerance: 5 }));
  await desk.waitFor(id, (c) => c.paymentStage === 'PAYMENT_OUTSTANDING');
  log(`  ${input.contractNumber}: L/C ${lc.lcNumber} issued by the bank (MT700) and checked against the contract`);
  expectStatus(await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: input.inspection?.required ? 'INSPECTION' : 'BOOKING', note: 'Production finished' }), 202, 'production complete');
  if (input.inspection?.required) {
    await desk.waitFor(id, (c) => c.logisticsStage === 'INSPECTION' && c.openWaits.some((w: { stage: string }) => w.stage === 'INSPECTION'));
    expectStatus(await desk.call('operations', 'POST', `/contracts/${id}/transitions`, { to: 'BOOKING', note: 'SGS certificate of inspection received' }), 202, 'inspection passed');
  }
  await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKING');
  const current = await desk.call('operations', 'GET', `/contracts/${id}`);
  expectStatus(await desk.call('sales', 'PATCH', `/contracts/${id}`, { version: current.body.contract.version, references: { ...current.body.contract.references, bookingReferences: [bookingReference] } }), 200, 'add booking reference');
  // Carriers and banks report facts as they happen: timestamps are the local clock's now.
  const at = () => desk.now();
  const today = () => desk.now().slice(0, 10);
  await desk.publish(bookingConfirmed({ bookingReference, at: at() }));
  await desk.waitFor(id, (c) => c.logisticsStage === 'BOOKED');
  log(`  ${input.contractNumber}: booking ${bookingReference} confirmed by the carrier (DCSA CONF/BKG)`);
  await desk.publish(
    equipmentEvent('LOAD', { bookingReference, at: at(), location: input.transport.portOfLoading! }),
    transportEvent('DEPA', { bookingReference, at: at(), location: input.transport.portOfLoading! }),
  );
  await desk.waitFor(id, (c) => c.logisticsStage === 'SHIPPED');
  log(`  ${input.contractNumber}: loaded and departed ${input.transport.portOfLoading} (DCSA LOAD, DEPA)`);
  await desk.publish(paymentReceived({ date: today(), currency: input.currency, amount: input.totalAmount, poNumber: po }));
  await desk.waitFor(id, (c) => c.paymentStage === 'PAID');
  log(`  ${input.contractNumber}: L/C honoured, paid in full before arrival (MT103)`);
  await desk.publish(transportEvent('ARRI', { bookingReference, at: at(), location: input.transport.portOfDischarge! }));
  await desk.waitFor(id, (c) => c.logisticsStage === 'ARRIVED');
  log(`  ${input.contractNumber}: arrived ${input.transport.portOfDischarge} (DCSA ARRI)`);
  await desk.publish(equipmentEvent('GTOT', { bookingReference, at: at(), location: input.transport.placeOfDelivery ?? input.transport.portOfDischarge! }));
  await desk.waitFor(id, (c) => c.stage === 'CLOSED');
  log(`  ${input.contractNumber}: delivered (DCSA GTOT); both tracks complete → CLOSED`);
  return id;
}
