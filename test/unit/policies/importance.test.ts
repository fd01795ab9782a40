import { FX_TABLE, IMPORTANCE_POLICY, contractImportance, toReportingCurrency } from '../../../shared/domain/policies/importance';

const contract = (over: Partial<{ totalAmount: string; currency: string; tier: 'A' | 'B' | 'C'; strategic: boolean }> = {}) => ({
  totalAmount: over.totalAmount ?? '10000.00', currency: over.currency ?? 'USD', customer: { tier: over.tier ?? 'C', isNew: false }, flags: over.strategic === undefined ? {} : { strategic: over.strategic },
});

describe('importance: one test per rule row (first match wins)', () => {
  it.each([
    ['strategic', contract({ strategic: true }), 'key'],
    ['very-large', contract({ totalAmount: '1000000.00' }), 'key'],
    ['large-tier-a', contract({ totalAmount: '250000.00', tier: 'A' }), 'key'],
    ['no-rate', contract({ currency: 'KWD', totalAmount: '100.000' }), 'major'],
    ['large', contract({ totalAmount: '250000.00', tier: 'B' }), 'major'],
    ['tier-a', contract({ tier: 'A' }), 'major'],
    ['mid', contract({ totalAmount: '25000.00' }), 'standard'],
    ['tier-b', contract({ tier: 'B' }), 'standard'],
    ['small', contract(), 'minor'],
  ] as const)('%s', (rule, c, importance) => {
    const got = contractImportance(c);
    expect([got.rule, got.importance]).toEqual([rule, importance]);
  });

  it('covers every rule of the policy in the table above', () => {
    expect(IMPORTANCE_POLICY.rules.map((r) => r.id)).toEqual(['strategic', 'very-large', 'large-tier-a', 'no-rate', 'large', 'tier-a', 'mid', 'tier-b', 'small']);
  });

  it('converts to the reporting currency with the dated, sourced table', () => {
    expect(FX_TABLE).toMatchObject({ reportingCurrency: 'USD', asOf: '2025-06-30', source: expect.stringContaining('ECB') });
    expect(toReportingCurrency('69360.00', 'USD')).toBe('69360.00');
    expect(toReportingCurrency('230000.00', 'EUR')).toBe('269560.00');
    expect(toReportingCurrency('17650000', 'JPY')).toBe('122278.18');
    expect(toReportingCurrency('1', 'XAU')).toBeUndefined();
    // EUR 230 000 is over USD 250 000: a large contract
    expect(contractImportance(contract({ totalAmount: '230000.00', currency: 'EUR', tier: 'B' })).importance).toBe('major');
  });
});
