/**
 * Money for sales contracts: amounts are decimal strings, arithmetic is exact (decimal.js), and every
 * amount is rounded to its currency's ISO 4217 minor units — JPY 0, USD 2, KWD 3.
 *
 * Rounding: ROUND_HALF_UP (commercial rounding, 0.005 → 0.01). That is what buyers' ERPs, pro-forma
 * invoices and L/C drawings use; banker's rounding (half-even) suits statistical aggregation, not a
 * single invoice line a clerk recomputes by hand. A contract total is the sum of the rounded line
 * amounts, as printed on the invoice — not the rounded sum of exact products.
 *
 * JavaScript numbers never carry an amount here: parse from strings, compute with Decimal, print with
 * `toFixed`.
 */
import Decimal from 'decimal.js';
import { minorUnitsOf } from './reference-data';

/** Decimal.js configured for money: plenty of precision, no exponent notation, half-up rounding. */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
type Exact = InstanceType<typeof Exact>;

/** How amounts are rounded to minor units. Documented in docs/reference-data.md. */
export const MONEY_ROUNDING = 'ROUND_HALF_UP' as const;

/** A plain decimal string: optional minus, digits, optional fraction. No exponent, no grouping. */
export type DecimalString = string;

/** Longest integer part we accept: 10^18 of any currency is far beyond any sales contract. */
const DECIMAL_SHAPE = /^-?\d{1,18}(?:\.\d{1,12})?$/;

/** An amount in a currency, `amount` always written with exactly the currency's minor units. */
export interface Money {
  readonly amount: DecimalString;
  readonly currency: string;
}

/** Thrown only when code (not user input) combines money wrongly, e.g. USD + EUR. */
export class CurrencyMismatchError extends Error {
  constructor(readonly left: string, readonly right: string) {
    super(`Cannot combine ${left} with ${right} amounts`);
    this.name = 'CurrencyMismatchError';
  }
}

/** Thrown by {@link money} for trusted literals that turn out to be invalid (a programming error). */
export class InvalidMoneyError extends Error {
  constructor(readonly reason: MoneyProblem, message: string) {
    super(message);
    this.name = 'InvalidMoneyError';
  }
}

/** Why a string could not become an amount. */
export type MoneyProblem = 'not-a-decimal' | 'unknown-currency' | 'too-many-decimals';

export type MoneyParse =
  | { ok: true; money: Money }
  | { ok: false; problem: MoneyProblem; message: string };

/**
 * Whether a value is a plain decimal string (`'1200'`, `'0.845'`, `'-3.5'`).
 *
 * Why: amounts arrive as JSON strings so that no JSON parser turns them into binary floats; `1e3`,
 * `'1,200.00'`, `' 12'` and `'.5'` are refused rather than guessed at.
 *
 * @example isDecimalString('1234.50') // true
 * @example isDecimalString('1e3') // false
 */
export function isDecimalString(value: unknown): value is DecimalString {
  return typeof value === 'string' && DECIMAL_SHAPE.test(value);
}

/**
 * Number of digits after the decimal point as written (`'1.50'` → 2).
 *
 * @example decimalPlaces('12.340') // 3
 */
export function decimalPlaces(value: DecimalString): number {
  const dot = value.indexOf('.');
  return dot === -1 ? 0 : value.length - dot - 1;
}

/**
 * Compares two decimal strings by value (`'1.50'` equals `'1.5'`).
 *
 * @example compareDecimals('1.50', '1.5') // 0
 * @example compareDecimals('9', '10') // -1
 */
export function compareDecimals(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  return sign(new Exact(a).comparedTo(new Exact(b)));
}

/**
 * Whether an amount can be paid in the currency as written: no significant digits beyond its minor
 * units (trailing zeros are harmless: `'100.000'` USD fits, `'100.005'` does not).
 *
 * @example fitsMinorUnits('1500', 'JPY') // true
 * @example fitsMinorUnits('1500.5', 'JPY') // false
 */
export function fitsMinorUnits(amount: DecimalString, currency: string): boolean {
  const digits = digitsOf(currency);
  const [, fraction = ''] = amount.split('.');
  return /^0*$/.test(fraction.slice(digits));
}

/**
 * Adds two decimal strings exactly, without rounding — for percentages and quantities, not money.
 *
 * @example addDecimals('100', '5.5') // '105.5'
 */
export function addDecimals(a: DecimalString, b: DecimalString): DecimalString {
  return new Exact(a).plus(b).toFixed();
}

/**
 * Parses an amount stated in a currency, refusing more decimals than the currency has.
 *
 * Why: `'100.005'` USD or `'1500.5'` JPY cannot be paid; the clerk must correct the figure rather than
 * have the system round it silently.
 *
 * @example parseMoney('1234.5', 'USD') // { ok: true, money: { amount: '1234.50', currency: 'USD' } }
 * @example parseMoney('10.5', 'JPY') // { ok: false, problem: 'too-many-decimals', ... }
 */
export function parseMoney(amount: string, currency: string): MoneyParse {
  const digits = minorUnitsOf(currency);
  if (digits === undefined) {
    return { ok: false, problem: 'unknown-currency', message: `'${currency}' is not an ISO 4217 currency code` };
  }
  if (!isDecimalString(amount)) {
    return { ok: false, problem: 'not-a-decimal', message: `'${amount}' is not a decimal amount such as 1250.00` };
  }
  if (!fitsMinorUnits(amount, currency)) {
    return {
      ok: false,
      problem: 'too-many-decimals',
      message: `${currency} amounts have ${digits} decimal place${digits === 1 ? '' : 's'}; '${amount}' has more`,
    };
  }
  return { ok: true, money: toMoney(new Exact(amount), currency, digits) };
}

/**
 * Builds money from a trusted literal (fixtures, constants); throws {@link InvalidMoneyError} if wrong.
 *
 * @example money('250', 'USD') // { amount: '250.00', currency: 'USD' }
 */
export function money(amount: string, currency: string): Money {
  const parsed = parseMoney(amount, currency);
  if (!parsed.ok) throw new InvalidMoneyError(parsed.problem, parsed.message);
  return parsed.money;
}

/** @example zeroMoney('KWD') // { amount: '0.000', currency: 'KWD' } */
export function zeroMoney(currency: string): Money {
  return money('0', currency);
}

/**
 * Rounds any decimal to the currency's minor units, half-up.
 *
 * @example roundToMinorUnits('10.005', 'USD') // '10.01'
 * @example roundToMinorUnits('1499.5', 'JPY') // '1500'
 */
export function roundToMinorUnits(amount: DecimalString, currency: string): DecimalString {
  return toMoney(new Exact(amount), currency, digitsOf(currency)).amount;
}

/** @example addMoney(money('1.10', 'USD'), money('2.20', 'USD')).amount // '3.30' */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return toMoney(new Exact(a.amount).plus(b.amount), a.currency, digitsOf(a.currency));
}

/** @example subtractMoney(money('5', 'EUR'), money('7.5', 'EUR')).amount // '-2.50' */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return toMoney(new Exact(a.amount).minus(b.amount), a.currency, digitsOf(a.currency));
}

/**
 * Sums amounts in one currency; the sum of nothing is zero.
 *
 * @example sumMoney('USD', [money('1', 'USD'), money('2.5', 'USD')]).amount // '3.50'
 */
export function sumMoney(currency: string, amounts: readonly Money[]): Money {
  return amounts.reduce(addMoney, zeroMoney(currency));
}

/**
 * Multiplies an amount by an exact decimal factor and rounds the result to minor units.
 *
 * @example multiplyMoney(money('18.75', 'USD'), '3').amount // '56.25'
 */
export function multiplyMoney(amount: Money, factor: DecimalString): Money {
  return toMoney(new Exact(amount.amount).times(factor), amount.currency, digitsOf(amount.currency));
}

/**
 * A contract line's amount: quantity × unit price, computed exactly, then rounded once to the
 * currency's minor units. Unit prices may carry more decimals than the currency (USD 0.845 per piece).
 *
 * @example lineAmount('12000', '0.845', 'USD') // { amount: '10140.00', currency: 'USD' }
 * @example lineAmount('3', '0.335', 'USD').amount // '1.01' (1.005 rounded half-up)
 */
export function lineAmount(quantity: DecimalString, unitPrice: DecimalString, currency: string): Money {
  return toMoney(new Exact(quantity).times(unitPrice), currency, digitsOf(currency));
}

/**
 * A percentage of an amount, rounded to minor units — deposits, L/C tolerances, insured value.
 *
 * @example percentageOf(money('40620', 'USD'), '30').amount // '12186.00'
 * @example percentageOf(money('69360', 'USD'), '110').amount // '76296.00'
 */
export function percentageOf(amount: Money, percent: DecimalString): Money {
  return toMoney(new Exact(amount.amount).times(percent).dividedBy(100), amount.currency, digitsOf(amount.currency));
}

/** @example compareMoney(money('1', 'USD'), money('1.00', 'USD')) // 0 */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return sign(new Exact(a.amount).comparedTo(b.amount));
}

/** @example moneyEquals(money('1', 'USD'), money('1.00', 'USD')) // true */
export function moneyEquals(a: Money, b: Money): boolean {
  return a.currency === b.currency && new Exact(a.amount).equals(b.amount);
}

/**
 * Formats an amount the way L/Cs, invoices and SWIFT-era documents print it: ISO code first, thousands
 * grouped with commas, exactly the currency's minor units. Locale-independent on purpose, so that the
 * same figure reads identically in English and Chinese e-mails.
 *
 * @example formatMoney(money('69360', 'USD')) // 'USD 69,360.00'
 * @example formatMoney(money('-1234567', 'JPY')) // 'JPY -1,234,567'
 */
export function formatMoney(amount: Money): string {
  const [whole = '0', fraction] = amount.amount.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = amount.amount.startsWith('-') && !new Exact(amount.amount).isZero();
  return `${amount.currency} ${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

function toMoney(value: Exact, currency: string, digits: number): Money {
  const rounded = value.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
  // Decimal keeps the sign of -0; an amount of "-0.00" would confuse every reader.
  return { amount: (rounded.isZero() ? new Exact(0) : rounded).toFixed(digits), currency };
}

function digitsOf(currency: string): number {
  const digits = minorUnitsOf(currency);
  if (digits === undefined) throw new InvalidMoneyError('unknown-currency', `'${currency}' is not an ISO 4217 currency code`);
  return digits;
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
