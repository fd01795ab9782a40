import { EXCEPTION_POLICY, classForTimeout, severityOf, severityRank, type SeverityInput } from '../../../shared/domain/policies/exception-classes';

const neutral: SeverityInput = { importance: 'minor', paymentMethod: 'TT', daysToLatestShipment: 100, daysToPresentation: 100, daysOpen: 0, fields: [] };

describe('exception classes: severity rules, one test per row', () => {
  it.each(EXCEPTION_POLICY.classes.map((c) => [c.id, c.baseSeverity]))('%s is %s when no rule applies', (id, base) => {
    expect(severityOf(id as never, neutral).severity).toBe(base);
  });

  const rows = EXCEPTION_POLICY.classes.flatMap((c) => c.severityRules.map((r) => [`${c.id} / ${r.id}`, c.id, r] as const));
  it.each(rows)('%s raises the severity when its condition holds', (_name, id, rule) => {
    // Prepare: the neutral contract, changed only as far as the rule's condition asks
    const w = rule.when;
    const input: SeverityInput = {
      ...neutral,
      ...(w.importance ? { importance: w.importance[0]! } : {}),
      ...(w.paymentMethods ? { paymentMethod: w.paymentMethods[0]! } : {}),
      ...(w.maxDaysToLatestShipment !== undefined ? { daysToLatestShipment: w.maxDaysToLatestShipment } : {}),
      ...(w.maxDaysToPresentation !== undefined ? { daysToPresentation: w.maxDaysToPresentation } : {}),
      ...(w.minDaysOpen !== undefined ? { daysOpen: w.minDaysOpen } : {}),
      ...(w.fields ? { fields: [`${w.fields[0]}.value`] } : {}),
    };
    // Act
    const { severity, reasons } = severityOf(id, input);
    // Assess: the rule is named, and the severity is at least the rule's (another rule may go higher)
    expect(reasons).toEqual(expect.arrayContaining([expect.stringContaining(rule.why)]));
    expect(severityRank(severity)).toBeGreaterThanOrEqual(severityRank(rule.severity));
    // …and one day (or one importance) short of the condition, the rule stays silent
    const short: SeverityInput = { ...input, ...(w.minDaysOpen ? { daysOpen: w.minDaysOpen - 1 } : {}), ...(w.maxDaysToLatestShipment !== undefined ? { daysToLatestShipment: w.maxDaysToLatestShipment + 1 } : {}), ...(w.maxDaysToPresentation !== undefined ? { daysToPresentation: w.maxDaysToPresentation + 1 } : {}) };
    if (w.minDaysOpen || w.maxDaysToLatestShipment !== undefined || w.maxDaysToPresentation !== undefined) expect(severityOf(id, short).reasons).not.toEqual(expect.arrayContaining([expect.stringContaining(rule.why)]));
  });

  it.each([
    ['a missed latest shipment date under an L/C is critical', 'missed-latest-shipment-date', { paymentMethod: 'LC' }, 'critical'],
    ['a missed latest shipment date under T/T is high', 'missed-latest-shipment-date', {}, 'high'],
    ['a customs hold of 2 days is medium', 'customs-hold', { daysOpen: 2 }, 'medium'],
    ['a customs hold of 3 days is high', 'customs-hold', { daysOpen: 3 }, 'high'],
    ['a customs hold of 10 days is critical', 'customs-hold', { daysOpen: 10 }, 'critical'],
    ['a payment 30 days overdue is critical', 'payment-overdue', { daysOpen: 30 }, 'critical'],
    ['an ERP conflict on the ship date is high', 'data-conflict', { fields: ['shipment.latestShipmentDate'] }, 'high'],
    ['an ERP conflict on a contact is medium', 'data-conflict', { fields: ['contacts'] }, 'medium'],
    ['force majeure is always critical', 'force-majeure', {}, 'critical'],
  ] as const)('%s', (_name, id, over, expected) => {
    expect(severityOf(id, { ...neutral, ...over }).severity).toBe(expected);
  });
});

describe('which class a timed-out wait raises', () => {
  it.each([
    ['BOOKED', true, 'missed-latest-shipment-date'],
    ['BOOKING', true, 'missed-latest-shipment-date'],
    ['BOOKED', false, 'shipment-delayed'],
    ['PRODUCTION', false, 'shipment-delayed'],
    ['PRODUCTION', true, 'shipment-delayed'],
    ['AWAITING_PAYMENT_SECURITY', false, 'payment-overdue'],
    ['PAYMENT_OUTSTANDING', true, 'payment-overdue'],
    ['ARRIVED', true, 'customs-hold'],
    ['DRAFT', false, undefined],
    ['PENDING_APPROVAL', true, undefined],
  ] as const)('%s (past the latest shipment date: %s) → %s', (stage, past, expected) => {
    expect(classForTimeout(stage, past)).toBe(expected);
  });

  it('maps the anomaly flags that mean an exception', () => {
    expect(EXCEPTION_POLICY.flags).toEqual({ LC_DISCREPANCY: 'documentary-discrepancy', SHIPPED_AFTER_LATEST_SHIPMENT_DATE: 'lc-amendment-needed', LATEST_SHIPMENT_AT_RISK: 'shipment-delayed', DATA_CONFLICT: 'data-conflict' });
  });
});
