/**
 * How much a contract matters to the desk: its value in the reporting currency, the customer's tier and
 * the strategic flag. Needs exchange rates: a small table kept as data, with its date and source, so the
 * answer is reproducible and the docs say which rates were used. Rates are not a market feed.
 */
import Decimal from 'decimal.js';
import * as z from 'zod';
import type { Contract } from '../contract';

export const IMPORTANCE_LEVELS = ['minor', 'standard', 'major', 'key'] as const;
export type Importance = (typeof IMPORTANCE_LEVELS)[number];

const DecimalText = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "1.1720"');

export const FxTableSchema = z.strictObject({
  reportingCurrency: z.string().regex(/^[A-Z]{3}$/),
  /** The day the rates were taken. */
  asOf: z.iso.date(),
  source: z.string().min(10),
  /** Units of each currency per one unit of `base` (ECB style: base EUR). */
  base: z.string().regex(/^[A-Z]{3}$/),
  perBase: z.record(z.string().regex(/^[A-Z]{3}$/), DecimalText),
});
export type FxTable = z.infer<typeof FxTableSchema>;

/**
 * Reference rates, EUR base. Approximate values of the ECB euro foreign exchange reference rates of
 * 30 June 2025, rounded; used only to rank contracts by importance, never to price or invoice. Operations
 * replace them through the policy API (the change is versioned and audited).
 */
export const FX_TABLE: FxTable = {
  reportingCurrency: 'USD',
  asOf: '2025-06-30',
  source: 'ECB euro foreign exchange reference rates, 30 June 2025 (approximate, rounded; for importance ranking only)',
  base: 'EUR',
  perBase: { EUR: '1', USD: '1.1720', CNY: '8.3970', JPY: '169.17', GBP: '0.8556', CHF: '0.9347', HKD: '9.2001', SGD: '1.4941', PLN: '4.2423', THB: '38.171' },
};

/**
 * The amount in the reporting currency, or undefined when the table has no rate for the currency.
 * @example toReportingCurrency('69360.00', 'USD') // '69360.00'
 */
export function toReportingCurrency(amount: string, currency: string, fx: FxTable = FX_TABLE): string | undefined {
  const from = fx.perBase[currency];
  const to = fx.perBase[fx.reportingCurrency];
  if (from === undefined || to === undefined) return undefined;
  return new Decimal(amount).dividedBy(from).times(to).toFixed(2);
}

const ImportanceRuleSchema = z.strictObject({
  id: z.string().min(1),
  importance: z.enum(IMPORTANCE_LEVELS),
  why: z.string().min(5),
  when: z.strictObject({
    strategic: z.boolean().optional(),
    /** Value in the reporting currency at or above. */
    minValue: DecimalText.optional(),
    customerTiers: z.array(z.enum(['A', 'B', 'C'])).optional(),
    /** No rate for the contract currency: rank conservatively. */
    valueUnknown: z.boolean().optional(),
  }),
});

export const ImportancePolicySchema = z.strictObject({ fx: FxTableSchema, rules: z.array(ImportanceRuleSchema).min(1) });
export type ImportancePolicy = z.infer<typeof ImportancePolicySchema>;

/** First matching rule wins; the last rule should match everything. */
export const IMPORTANCE_POLICY: ImportancePolicy = {
  fx: FX_TABLE,
  rules: [
    { id: 'strategic', importance: 'key', why: 'Marked strategic by sales management.', when: { strategic: true } },
    { id: 'very-large', importance: 'key', why: 'Worth 1,000,000 or more in the reporting currency.', when: { minValue: '1000000' } },
    { id: 'large-tier-a', importance: 'key', why: 'A tier-A customer and worth 250,000 or more.', when: { customerTiers: ['A'], minValue: '250000' } },
    { id: 'no-rate', importance: 'major', why: 'No exchange rate for the contract currency: ranked high until one is added.', when: { valueUnknown: true } },
    { id: 'large', importance: 'major', why: 'Worth 250,000 or more.', when: { minValue: '250000' } },
    { id: 'tier-a', importance: 'major', why: 'A tier-A customer.', when: { customerTiers: ['A'] } },
    { id: 'mid', importance: 'standard', why: 'Worth 25,000 or more.', when: { minValue: '25000' } },
    { id: 'tier-b', importance: 'standard', why: 'A tier-B customer.', when: { customerTiers: ['B'] } },
    { id: 'small', importance: 'minor', why: 'Small value, tier-C customer, not strategic.', when: {} },
  ],
};

export interface ImportanceOf {
  importance: Importance;
  rule: string;
  why: string;
  /** Value in the reporting currency, when a rate exists. */
  reportingValue?: string;
  reportingCurrency: string;
}

/**
 * @example contractImportance({ totalAmount: '69360.00', currency: 'USD', customer: { tier: 'B', isNew: false }, flags: {} }).importance // 'standard'
 */
export function contractImportance(c: Pick<Contract, 'totalAmount' | 'currency' | 'customer' | 'flags'>, policy: ImportancePolicy = IMPORTANCE_POLICY): ImportanceOf {
  const value = toReportingCurrency(c.totalAmount, c.currency, policy.fx);
  const strategic = c.flags.strategic ?? false;
  for (const rule of policy.rules) {
    const w = rule.when;
    if (w.strategic !== undefined && w.strategic !== strategic) continue;
    if (w.valueUnknown !== undefined && w.valueUnknown !== (value === undefined)) continue;
    if (w.minValue !== undefined && (value === undefined || new Decimal(value).lessThan(w.minValue))) continue;
    if (w.customerTiers && !w.customerTiers.includes(c.customer.tier)) continue;
    return { importance: rule.importance, rule: rule.id, why: rule.why, ...(value !== undefined ? { reportingValue: value } : {}), reportingCurrency: policy.fx.reportingCurrency };
  }
  return { importance: 'standard', rule: '(none)', why: 'No rule matched.', reportingCurrency: policy.fx.reportingCurrency };
}
