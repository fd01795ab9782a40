import { detectAnomalies, type AnomalyInput } from '../../../shared/domain/anomalies';
import type { EvidenceKind } from '../../../shared/domain/evidence';
import type { LifecycleFacts } from '../../../shared/domain/lifecycle';
import { planLifecycle } from '../../../shared/domain/lifecycle-plan';
import { dueReminders } from '../../../shared/domain/reminders';

const facts: LifecycleFacts = {
  incoterm: 'CIF', transportMode: 'SEA', paymentMethod: 'LC', depositPercent: '0', inspectionRequired: false, totalAmount: '69360.00', currency: 'USD',
  customerIsNew: false, nonStandardTerms: false, strategic: false, latestShipmentDate: '2027-02-15', lcExpiryDate: '2027-03-15', latestPresentationDate: '2027-03-08',
};
const ev = (kind: EvidenceKind, occurredAt: string) => ({ kind, classifier: 'ACT' as const, occurredAt, recordedAt: occurredAt });
const input = (over: Partial<AnomalyInput>): AnomalyInput => ({
  record: { stage: 'SIGNED', paymentStage: 'PAYMENT_OUTSTANDING', logisticsStage: 'BOOKED', stageEnteredAt: { main: '2027-01-01T00:00:00Z', payment: '2027-01-01T00:00:00Z', logistics: '2027-01-30T00:00:00Z' }, overlays: [] },
  facts, plan: planLifecycle(facts), evidence: [], now: Date.parse('2027-02-01T00:00:00Z'), ...over,
});
const flags = (i: AnomalyInput) => detectAnomalies(i).map((f) => f.flag);

describe('anomaly rules', () => {
  it.each([
    ['nothing odd on a contract on schedule', input({ evidence: [ev('lcIssued', '2027-01-05T00:00:00Z')] }), []],
    ['an arrival reported before the departure (both on record now)', input({ evidence: [{ ...ev('bookingConfirmed', '2027-01-10T00:00:00Z'), recordedAt: '2027-01-20T00:00:00Z' }, { ...ev('shipped', '2027-01-12T00:00:00Z'), recordedAt: '2027-01-20T00:00:00Z' }, { ...ev('arrived', '2027-01-18T00:00:00Z'), recordedAt: '2027-01-19T00:00:00Z' }, ev('lcIssued', '2027-01-05T00:00:00Z')] }), ['EVIDENCE_OUT_OF_ORDER']],
    ['shipped before the L/C was issued', input({ evidence: [ev('shipped', '2027-01-10T00:00:00Z'), ev('lcIssued', '2027-01-12T00:00:00Z')] }), ['SHIPPED_BEFORE_SECURITY', 'EVIDENCE_OUT_OF_ORDER']],
    ['shipped after the latest shipment date (and booked for longer than the SLA)', input({ evidence: [ev('lcIssued', '2027-01-05T00:00:00Z'), ev('bookingConfirmed', '2027-01-06T00:00:00Z'), ev('shipped', '2027-02-17T00:00:00Z')], now: Date.parse('2027-02-18T00:00:00Z') }), ['SHIPPED_AFTER_LATEST_SHIPMENT_DATE', 'STUCK_BEYOND_SLA']],
    ['latest shipment date within a week, not shipped', input({ evidence: [ev('lcIssued', '2027-01-05T00:00:00Z')], now: Date.parse('2027-02-10T00:00:00Z') }), ['LATEST_SHIPMENT_AT_RISK']],
    ['L/C presentation deadline in 3 days, no documents presented', input({ evidence: [ev('lcIssued', '2027-01-05T00:00:00Z'), ev('bookingConfirmed', '2027-01-06T00:00:00Z'), ev('shipped', '2027-02-10T00:00:00Z')], now: Date.parse('2027-03-05T00:00:00Z'), record: { stage: 'SIGNED', paymentStage: 'PAYMENT_OUTSTANDING', logisticsStage: 'SHIPPED', stageEnteredAt: { main: '2027-01-01T00:00:00Z', payment: '2027-01-05T00:00:00Z', logistics: '2027-02-10T00:00:00Z' }, overlays: [] } }), ['LC_PRESENTATION_AT_RISK']],
  ])('%s', (_name, i, expected) => {
    expect(flags(i).sort()).toEqual([...expected].sort());
  });

  it('explains every flag with a severity and a reason', () => {
    for (const f of detectAnomalies(input({ evidence: [ev('arrived', '2027-01-10T00:00:00Z')], now: Date.parse('2027-03-20T00:00:00Z') }))) {
      expect(['low', 'medium', 'high', 'critical']).toContain(f.severity);
      expect(f.reason.length).toBeGreaterThan(20);
    }
  });
});

describe('deadline reminders', () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    ['15 days before the latest shipment date: none yet', '2027-01-31T09:00:00Z', []],
    ['14 days before: the 14-day step', '2027-02-01T09:00:00Z', ['latestShipment#2027-02-15#14']],
    ['8 days before: still the 14-day step (same key, fires once)', '2027-02-07T09:00:00Z', ['latestShipment#2027-02-15#14']],
    ['on the day: the 0-day step, and the L/C expiry 10-day step not yet', '2027-02-15T09:00:00Z', ['latestShipment#2027-02-15#0']],
    ['past the date: no reminder (escalation takes over)', '2027-02-16T09:00:00Z', []],
  ])('%s', (_name, now, keys) => {
    expect(dueReminders(facts, new Map(), at(now)).map((r) => r.key).filter((k) => k.startsWith('latestShipment'))).toEqual(keys);
  });

  it('stops once the deadline is met', () => {
    expect(dueReminders(facts, new Map([['shipped', '2027-02-10T00:00:00Z']]), at('2027-02-14T09:00:00Z')).map((r) => r.deadline)).not.toContain('latestShipment');
  });

  it('derives the open-account due date from the delivery date', () => {
    const oa: LifecycleFacts = { ...facts, paymentMethod: 'OA', paymentDays: 60, latestPresentationDate: undefined, lcExpiryDate: undefined };
    const due = dueReminders(oa, new Map([['delivered', '2027-03-01T10:00:00+01:00']]), at('2027-04-29T08:00:00Z'));
    expect(due).toEqual([expect.objectContaining({ deadline: 'paymentDue', date: '2027-04-30', daysBefore: 1 })]);
  });
});
