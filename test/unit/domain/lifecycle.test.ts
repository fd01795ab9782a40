import type { Evidence } from '../../../shared/domain/evidence';
import { provenKinds } from '../../../shared/domain/evidence';
import type { GuardContext, LifecycleFacts, LifecycleState, Stage } from '../../../shared/domain/lifecycle';
import { canTransition, satisfiedTransition } from '../../../shared/domain/lifecycle';
import { planLifecycle, waitTimeouts, MIN_WAIT_SECONDS } from '../../../shared/domain/lifecycle-plan';

const lcFacts: LifecycleFacts = {
  incoterm: 'CIF', transportMode: 'SEA', paymentMethod: 'LC', depositPercent: '0', inspectionRequired: false,
  totalAmount: '184250.00', currency: 'USD', customerIsNew: false, nonStandardTerms: false, strategic: false,
  latestShipmentDate: '2027-02-15', lcExpiryDate: '2027-03-10', latestPresentationDate: '2027-03-08',
};
const ttFacts: LifecycleFacts = { ...lcFacts, incoterm: 'FOB', paymentMethod: 'TT', depositPercent: '30', totalAmount: '100000.00' };
const dpFacts: LifecycleFacts = { ...lcFacts, incoterm: 'CFR', paymentMethod: 'DP' };

type Ev = Pick<Evidence, 'kind' | 'classifier' | 'amount'>;
const act = (kind: Evidence['kind'], amount?: string, currency = 'USD'): Ev => ({ kind, classifier: 'ACT', ...(amount ? { amount: { currency, value: amount } } : {}) });
const state = (over: Partial<LifecycleState> = {}): LifecycleState => ({ stage: 'SIGNED', overlays: [], ...over });
const ctx = (facts: LifecycleFacts, evidence: Ev[], s: Partial<LifecycleState> = {}): GuardContext => ({ facts, plan: planLifecycle(facts), state: state(s), evidence });

describe('planLifecycle', () => {
  it.each([
    ['L/C requires security of kind LC', lcFacts, { requiresSecurity: true, securityKind: 'LC' }],
    ['T/T with 30% deposit requires a deposit', ttFacts, { requiresSecurity: true, securityKind: 'DEPOSIT' }],
    ['T/T without deposit requires no security', { ...ttFacts, depositPercent: '0' }, { requiresSecurity: false, securityKind: null }],
    ['D/P requires no security', dpFacts, { requiresSecurity: false }],
    ['DDP puts import customs on the seller', { ...lcFacts, incoterm: 'DDP' }, { customsBySeller: true, bookingBy: 'SELLER' }],
    ['FOB leaves main carriage to the buyer', ttFacts, { bookingBy: 'BUYER', customsBySeller: false }],
    ['CIF makes the seller insure', lcFacts, { insuranceBy: 'SELLER' }],
  ])('%s', (_name, facts, expected) => {
    expect(planLifecycle(facts as LifecycleFacts)).toMatchObject(expected);
  });

  it.each([
    ['a value at the USD threshold', { ...lcFacts, totalAmount: '250000.00' }, /threshold/],
    ['a new customer', { ...lcFacts, customerIsNew: true }, /New customer/],
    ['non-standard terms', { ...lcFacts, nonStandardTerms: true }, /Non-standard/],
    ['a currency with no threshold', { ...lcFacts, currency: 'BRL' }, /No approval threshold/],
  ])('needs approval for %s', (_name, facts, reason) => {
    const plan = planLifecycle(facts as LifecycleFacts);
    expect(plan.approvalRequired).toBe(true);
    expect(plan.approvalReasons.join(' ')).toMatch(reason);
  });

  it('needs no approval for a standard contract below the threshold', () => {
    expect(planLifecycle(lcFacts).approvalRequired).toBe(false);
  });
});

describe('canTransition: guard conditions', () => {
  const cases: Array<[string, GuardContext, Stage, Stage, boolean, string?]> = ([
    ['draft moves to signature on submission when no approval is needed', ctx(lcFacts, [act('submitted')], { stage: 'DRAFT' }), 'DRAFT', 'AWAITING_SIGNATURE', true],
    ['draft cannot skip approval when it is required', ctx({ ...lcFacts, customerIsNew: true }, [act('submitted')]), 'DRAFT', 'AWAITING_SIGNATURE', false, 'noSuchTransition'],
    ['an estimated event is not evidence of shipment', ctx(lcFacts, [{ kind: 'shipped', classifier: 'EST' }, act('lcIssued')]), 'BOOKED', 'SHIPPED', false, 'evidence:shipped'],
    ['no shipment before the L/C is issued', ctx(lcFacts, [act('shipped')]), 'BOOKED', 'SHIPPED', false, 'securityInPlace'],
    ['shipment once the L/C is issued', ctx(lcFacts, [act('lcIssued'), act('shipped')]), 'BOOKED', 'SHIPPED', true],
    ['no shipment before the full deposit is received', ctx(ttFacts, [act('depositReceived', '29999.99'), act('shipped')]), 'BOOKED', 'SHIPPED', false, 'securityInPlace'],
    ['shipment once the 30% deposit is received', ctx(ttFacts, [act('depositReceived', '30000.00'), act('shipped')]), 'BOOKED', 'SHIPPED', true],
    ['a deposit in another currency does not count', ctx(ttFacts, [act('depositReceived', '30000.00', 'EUR'), act('shipped')]), 'BOOKED', 'SHIPPED', false, 'securityInPlace'],
    ['arrival implies shipment (booking confirmation never came)', ctx(lcFacts, [act('arrived')]), 'BOOKING', 'BOOKED', true],
    ['paid only when payments cover the total', ctx(ttFacts, [act('depositReceived', '30000.00'), act('paymentReceived', '69999.99')]), 'PAYMENT_OUTSTANDING', 'PAID', false, 'paidInFull'],
    ['paid when deposit and balance cover the total', ctx(ttFacts, [act('depositReceived', '30000.00'), act('paymentReceived', '70000.00')]), 'PAYMENT_OUTSTANDING', 'PAID', true],
    ['D/P: no delivery before payment (documents against payment)', ctx(dpFacts, [act('delivered')]), 'ARRIVED', 'DELIVERED', false, 'evidence:paymentReceived'],
    ['D/P: delivery after payment', ctx(dpFacts, [act('delivered'), act('paymentReceived', '184250.00')]), 'ARRIVED', 'DELIVERED', true],
    ['L/C: delivery does not wait for payment', ctx(lcFacts, [act('delivered')]), 'ARRIVED', 'DELIVERED', true],
    ['DDP goes through customs before delivery', ctx({ ...lcFacts, incoterm: 'DDP' }, [act('delivered')]), 'ARRIVED', 'DELIVERED', false, 'noSuchTransition'],
    ['closing needs both tracks complete', ctx(lcFacts, [], { paymentStage: 'PAID', logisticsStage: 'ARRIVED' }), 'SIGNED', 'CLOSED', false, 'trackComplete:logistics'],
    ['an open dispute blocks closing', ctx(lcFacts, [], { paymentStage: 'PAID', logisticsStage: 'DELIVERED', overlays: [{ kind: 'DISPUTED', openedAt: '2027-03-01T00:00:00Z', reason: 'short shipment' }] }), 'SIGNED', 'CLOSED', false, 'noOpenOverlay:DISPUTED'],
    ['a resolved dispute does not block closing', ctx(lcFacts, [], { paymentStage: 'PAID', logisticsStage: 'DELIVERED', overlays: [{ kind: 'DISPUTED', openedAt: '2027-03-01T00:00:00Z', reason: 'x', closedAt: '2027-03-02T00:00:00Z' }] }), 'SIGNED', 'CLOSED', true],
  ] as Array<[string, GuardContext, Stage, Stage, boolean, string?]>).map((row) => [row[0], row[1], row[2], row[3], row[4], row[5]]);
  // every row has six cells: jest treats a test function with more parameters than cells as callback-style
  it.each(cases)('%s', (_name, c, from, to, allowed, code) => {
    const result = canTransition(c, from, to);
    expect(result.allowed).toBe(allowed);
    if (!result.allowed) {
      expect(result.unmet.map((u) => u.code)).toContain(code);
      for (const u of result.unmet) expect(u.message.length).toBeGreaterThan(10);
    }
  });

  it('satisfiedTransition picks the applicable transition (rejection returns to draft)', () => {
    const c = ctx({ ...lcFacts, customerIsNew: true }, [act('submitted'), act('rejected')], { stage: 'PENDING_APPROVAL' });
    expect(satisfiedTransition(c, 'PENDING_APPROVAL')?.to).toBe('DRAFT');
    expect(satisfiedTransition(ctx(lcFacts, []), 'PRODUCTION')).toBeUndefined();
  });

  it('implied evidence only flows from actual facts', () => {
    expect(provenKinds([{ kind: 'delivered', classifier: 'PLN' }]).size).toBe(0);
    expect([...provenKinds([{ kind: 'delivered', classifier: 'ACT' }])].sort()).toEqual(['arrived', 'bookingConfirmed', 'delivered', 'productionComplete', 'shipped']);
  });
});

describe('waitTimeouts', () => {
  const now = Date.parse('2027-01-10T00:00:00Z');
  it('holds booking and loading to the latest shipment date (end of that calendar day anywhere)', () => {
    const t = waitTimeouts(lcFacts, now);
    // 2027-02-15 ends at 2027-02-16T11:59:59.999Z (UTC-12)
    expect(t.BOOKED).toBe(Math.floor((Date.parse('2027-02-16T11:59:59.999Z') - now) / 1000));
  });
  it('uses the stage SLA when the contract sets no deadline', () => {
    expect(waitTimeouts(lcFacts, now).PRODUCTION).toBe(30 * 24 * 3600);
  });
  it('never hands Step Functions a wait below the minimum, even past the deadline', () => {
    expect(waitTimeouts(lcFacts, Date.parse('2027-06-01T00:00:00Z')).BOOKED).toBe(MIN_WAIT_SECONDS);
  });
  it('waits the escalation cadence once escalated', () => {
    const t = waitTimeouts(lcFacts, now, { BOOKED: 1, PRODUCTION: 9 });
    expect(t.BOOKED).toBe(24 * 3600);
    expect(t.PRODUCTION).toBe(168 * 3600);
  });
});
