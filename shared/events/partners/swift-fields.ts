/**
 * SWIFT MT field formats as they arrive inside bank JSON (prowide-core field classes Field31D, Field32B,
 * Field44C, Field48): dates `YYMMDD`, amounts with a decimal comma, presentation period `3n[/35x]`.
 * Every parser returns `undefined` for input it cannot read; the zod types below turn that into an
 * issue naming the tag.
 */
import * as z from 'zod';
import type { CalendarDate } from '../../domain/calendar-date';
import { parseMoney, type DecimalString } from '../../domain/money';
import { isCurrencyCode } from '../../domain/reference-data';
import { quoted } from './partner-mapping';
import { calendarDateFromYymmdd } from './partner-time';

/** An amount in a currency, amount written with the currency's minor units. */
export interface SwiftAmount {
  readonly currency: string;
  readonly amount: DecimalString;
}

/**
 * Reads a SWIFT amount (`652646,` or `185000,50`): digits, a mandatory decimal comma, at most 15
 * characters including the comma. Returns a plain decimal string; never a float.
 *
 * @example swiftAmountToDecimal('652646,') // '652646'
 * @example swiftAmountToDecimal('185000,50') // '185000.50'
 * @example swiftAmountToDecimal('185000.50') // undefined (dot is not the SWIFT decimal mark)
 */
export function swiftAmountToDecimal(raw: string): DecimalString | undefined {
  const match = /^(\d+),(\d*)$/.exec(raw);
  if (!match || raw.length > 15) return undefined;
  const [, whole = '', fraction = ''] = match;
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/**
 * Reads field 32B (currency code + amount), e.g. `USD652646,`. Refuses unknown currencies and more
 * decimals than the currency has.
 *
 * @example parseSwift32B('USD652646,') // { currency: 'USD', amount: '652646.00' }
 * @example parseSwift32B('JPY1000,5') // undefined
 */
export function parseSwift32B(raw: string): SwiftAmount | undefined {
  const currency = raw.slice(0, 3);
  const amount = swiftAmountToDecimal(raw.slice(3));
  if (!isCurrencyCode(currency) || amount === undefined) return undefined;
  const money = parseMoney(amount, currency);
  return money.ok ? { currency, amount: money.money.amount } : undefined;
}

/**
 * Reads field 32A (value date + currency + amount), e.g. `260320USD125000,`, as in MT103/MT910/MT754.
 *
 * @example parseSwift32A('260320USD125000,') // { date: '2026-03-20', currency: 'USD', amount: '125000.00' }
 */
export function parseSwift32A(raw: string): (SwiftAmount & { readonly date: CalendarDate }) | undefined {
  const date = calendarDateFromYymmdd(raw.slice(0, 6));
  const amount = parseSwift32B(raw.slice(6));
  return date === undefined || amount === undefined ? undefined : { date, ...amount };
}

/**
 * Reads field 31D (date and place of expiry): `YYMMDD` then the place, no separator.
 *
 * @example parseSwift31D('260415HAMBURG') // { date: '2026-04-15', place: 'HAMBURG' }
 * @example parseSwift31D('200421AT YOUR COUNTERS') // { date: '2020-04-21', place: 'AT YOUR COUNTERS' }
 */
export function parseSwift31D(raw: string): { readonly date: CalendarDate; readonly place: string } | undefined {
  const date = calendarDateFromYymmdd(raw.slice(0, 6));
  const place = raw.slice(6).trim();
  if (date === undefined || place === '' || place.length > 29) return undefined;
  return { date, place };
}

/** Field 48 read: days when stated, narrative, and whether it was the pre-SR2019 free-text form. */
export interface PresentationPeriod {
  readonly days?: number;
  readonly narrative?: string;
  readonly legacyFreeText: boolean;
}

/**
 * Reads field 48 (period for presentation): `3n[/35x]` since SR2019 (`21`, `10/CTD`), or the older free
 * text banks still send (`21 DAYS AFTER SHIPMENT DATE`), from which a leading number of days is taken.
 * Text without a leading number yields no days: the UCP 600 default (21) applies and the clerk reads the
 * narrative.
 *
 * @example parseSwift48('21') // { days: 21, legacyFreeText: false }
 * @example parseSwift48('10/CTD') // { days: 10, narrative: 'CTD', legacyFreeText: false }
 * @example parseSwift48('21 DAYS AFTER SHIPMENT DATE') // { days: 21, narrative: '21 DAYS AFTER SHIPMENT DATE', legacyFreeText: true }
 */
export function parseSwift48(raw: string): PresentationPeriod | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const structured = /^(\d{1,3})(?:\/(.{1,35}))?$/s.exec(text);
  if (structured) {
    const days = Number(structured[1]);
    if (days < 1) return undefined;
    return { days, ...(structured[2] !== undefined ? { narrative: structured[2] } : {}), legacyFreeText: false };
  }
  const legacy = /^(\d{1,3})\s+DAYS?\b/i.exec(text);
  const days = legacy ? Number(legacy[1]) : undefined;
  return { ...(days !== undefined && days >= 1 ? { days } : {}), narrative: text, legacyFreeText: true };
}

/**
 * Reads field 39A (percentage tolerance `2n/2n`).
 *
 * @example parseSwift39A('05/05') // { plus: 5, minus: 5 }
 */
export function parseSwift39A(raw: string): { readonly plus: number; readonly minus: number } | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})$/.exec(raw);
  return match ? { plus: Number(match[1]), minus: Number(match[2]) } : undefined;
}

/** A SWIFT field that must parse; the schema output is the parsed value. */
function swiftField<T>(tag: string, parse: (raw: string) => T | undefined, expected: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `field ${tag} is required` : `field ${tag} must be text; got ${quoted(issue.input)}`) })
    .transform((raw, ctx): T => {
      const parsed = parse(raw);
      if (parsed === undefined) {
        ctx.addIssue({ code: 'custom', message: `field ${tag} must be ${expected}; got ${quoted(raw)}` });
        return z.NEVER;
      }
      return parsed;
    });
}

export const swift = {
  reference: (tag: string) => swiftField(tag, (raw) => (raw.trim() !== '' && raw.length <= 16 ? raw.trim() : undefined), 'a reference of 1–16 characters'),
  date: (tag: string) => swiftField(tag, calendarDateFromYymmdd, 'a date YYMMDD, e.g. 260415'),
  expiry: (tag: string) => swiftField(tag, parseSwift31D, 'YYMMDD followed by the place of expiry, e.g. 260415HAMBURG'),
  currencyAmount: (tag: string) => swiftField(tag, parseSwift32B, "an ISO currency and an amount with a decimal comma, e.g. USD652646, (no more decimals than the currency has)"),
  dateCurrencyAmount: (tag: string) => swiftField(tag, parseSwift32A, 'YYMMDD, an ISO currency and an amount with a decimal comma, e.g. 260320USD125000,'),
  presentation: (tag: string) => swiftField(tag, parseSwift48, 'a number of days, optionally /narrative, e.g. 21 or 10/CTD'),
  tolerance: (tag: string) => swiftField(tag, parseSwift39A, 'two percentages nn/nn, e.g. 05/05'),
  text: (tag: string, max: number) => swiftField(tag, (raw) => (raw.trim() !== '' && raw.length <= max ? raw.trim() : undefined), `text of 1–${max} characters`),
  number: (tag: string) => swiftField(tag, (raw) => (/^\d{1,3}$/.test(raw) ? Number(raw) : undefined), 'a number of up to 3 digits'),
};
