import fc from 'fast-check';
import {
  calendarDateFromODataDate,
  calendarDateFromYymmdd,
  instantFromEpochMillis,
  instantFromODataDate,
  readPartnerInstant,
  readPartnerTime,
} from '../../../shared/events/partners/partner-time';
import { parseSwift32A, parseSwift32B, parseSwift39A, parseSwift48, parseSwift31D, swiftAmountToDecimal } from '../../../shared/events/partners/swift-fields';

describe('partner time forms', () => {
  it.each([
    ['2026-02-10T13:50:00+08:00', { at: '2026-02-10T13:50:00+08:00', assumedUtc: false }],
    ['2019-11-12T07:41:00+08:30', { at: '2019-11-12T07:41:00+08:30', assumedUtc: false }],
    ['2026-02-10T06:05:00Z', { at: '2026-02-10T06:05:00Z', assumedUtc: false }],
    ['2026-02-10T06:05:00.123Z', { at: '2026-02-10T06:05:00.123Z', assumedUtc: false }],
    ['2026-02-10T13:50:00+0800', { at: '2026-02-10T13:50:00+08:00', assumedUtc: false }],
    ['2026-03-15T00:52:00', { at: '2026-03-15T00:52:00Z', assumedUtc: true }],
    ['2021 01 01 14:12:56', undefined],
    ['2019/11/12 07:41:00 +08:30', undefined],
    ['2026-02-30T10:00:00Z', undefined],
    ['2026-02-10T25:00:00Z', undefined],
    ['2026-02-10T10:00:00+19:00', undefined],
    ['2026-02-10', undefined],
  ])('readPartnerInstant(%p)', (raw, expected) => {
    expect(readPartnerInstant(raw)).toEqual(expected);
  });

  it.each([
    ['260415', '2026-04-15'],
    ['790101', '2079-01-01'],
    ['800101', '1980-01-01'],
    ['991231', '1999-12-31'],
    ['000229', '2000-02-29'],
    ['260229', undefined],
    ['2604150', undefined],
  ])('YYMMDD %p → %p', (raw, expected) => {
    expect(calendarDateFromYymmdd(raw)).toBe(expected);
  });

  it('YYMMDD reads every real date of 1980–2079 back exactly (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2079-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(calendarDateFromYymmdd(iso.slice(2).replaceAll('-', ''))).toBe(iso);
      }),
    );
  });

  it.each([
    ['/Date(1768867200000)/', '2026-01-20'],
    ['/Date(1774915200000)/', '2026-03-31'],
    ['/Date(1768901462000)/', undefined],
    ['/Date(1768867200000+0000)/', undefined],
    ['2026-01-20', undefined],
  ])('SAP date field %p → %p', (raw, expected) => {
    expect(calendarDateFromODataDate(raw)).toBe(expected);
  });

  it.each([
    ['/Date(1768901462000+0000)/', '2026-01-20T09:31:02Z'],
    ['/Date(1768901462000+0060)/', '2026-01-20T10:31:02+01:00'],
    ['/Date(1768901462000-0300)/', '2026-01-20T04:31:02-05:00'],
    ['/Date(1768901462000)/', '2026-01-20T09:31:02Z'],
  ])('OData date-time %p → %p', (raw, expected) => {
    expect(instantFromODataDate(raw)).toBe(expected);
  });

  it('reads epoch milliseconds as UTC instants and refuses unsafe numbers', () => {
    expect(instantFromEpochMillis(1768901462000)).toBe('2026-01-20T09:31:02Z');
    expect(instantFromEpochMillis(1.5)).toBeUndefined();
    expect(instantFromEpochMillis(Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });

  it.each([
    ['2026-04-15', { kind: 'date', date: '2026-04-15' }],
    ['260415', { kind: 'date', date: '2026-04-15' }],
    [1768867200000, { kind: 'instant', at: '2026-01-20T00:00:00Z', assumedUtc: false }],
    ['/Date(1768901462000+0000)/', { kind: 'instant', at: '2026-01-20T09:31:02Z', assumedUtc: false }],
    ['2026-03-15T00:52:00', { kind: 'instant', at: '2026-03-15T00:52:00Z', assumedUtc: true }],
    [null, undefined],
    ['yesterday', undefined],
  ])('readPartnerTime(%p)', (raw, expected) => {
    expect(readPartnerTime(raw)).toEqual(expected);
  });
});

describe('SWIFT field formats', () => {
  it.each([
    ['652646,', '652646'],
    ['185000,50', '185000.50'],
    ['0,5', '0.5'],
    ['185000.50', undefined],
    ['185000', undefined],
    ['1234567890123456,', undefined],
  ])('amount %p → %p', (raw, expected) => {
    expect(swiftAmountToDecimal(raw)).toBe(expected);
  });

  it.each([
    ['USD652646,', { currency: 'USD', amount: '652646.00' }],
    ['EUR185000,50', { currency: 'EUR', amount: '185000.50' }],
    ['GBP100000,', { currency: 'GBP', amount: '100000.00' }],
    ['JPY1500000,', { currency: 'JPY', amount: '1500000' }],
    ['KWD10,125', { currency: 'KWD', amount: '10.125' }],
    ['JPY1000,5', undefined],
    ['XAU10,', undefined],
  ])('32B %p → %p', (raw, expected) => {
    expect(parseSwift32B(raw)).toEqual(expected);
  });

  it('32B never goes through a float: any amount of up to 14 digits survives exactly (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{0,11}$/), fc.stringMatching(/^\d{2}$/), (whole, cents) => {
        expect(parseSwift32B(`USD${whole},${cents}`)).toEqual({ currency: 'USD', amount: `${whole}.${cents}` });
      }),
    );
  });

  it('32A, 31D, 39A, 48', () => {
    expect(parseSwift32A('260320USD125000,')).toEqual({ date: '2026-03-20', currency: 'USD', amount: '125000.00' });
    expect(parseSwift31D('130930LONDON')).toEqual({ date: '2013-09-30', place: 'LONDON' });
    expect(parseSwift31D('260415')).toBeUndefined();
    expect(parseSwift39A('05/05')).toEqual({ plus: 5, minus: 5 });
    expect(parseSwift48('10/CTD')).toEqual({ days: 10, narrative: 'CTD', legacyFreeText: false });
    expect(parseSwift48('0')).toBeUndefined();
    expect(parseSwift48('')).toBeUndefined();
  });
});
