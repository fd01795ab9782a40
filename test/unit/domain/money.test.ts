import fc from 'fast-check';
import {
  addDecimals,
  addMoney,
  compareDecimals,
  compareMoney,
  CurrencyMismatchError,
  fitsMinorUnits,
  formatMoney,
  InvalidMoneyError,
  isDecimalString,
  lineAmount,
  money,
  moneyEquals,
  multiplyMoney,
  parseMoney,
  percentageOf,
  roundToMinorUnits,
  subtractMoney,
  sumMoney,
  zeroMoney,
} from '../../../shared/domain/money';

/** Reference arithmetic on scaled BigInts: the oracle the decimal code must agree with. */
const pow10 = (n: number) => 10n ** BigInt(n);
function toDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / pow10(scale);
  const fraction = (abs % pow10(scale)).toString().padStart(scale, '0');
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}
function roundHalfUp(units: bigint, fromScale: number, toScale: number): bigint {
  if (fromScale <= toScale) return units * pow10(toScale - fromScale);
  const divisor = pow10(fromScale - toScale);
  const abs = units < 0n ? -units : units;
  const rounded = abs / divisor + (2n * (abs % divisor) >= divisor ? 1n : 0n);
  return units < 0n ? -rounded : rounded;
}
const scaled = (maxScale: number, bound = 10n ** 14n) =>
  fc.tuple(fc.bigInt({ min: -bound, max: bound }), fc.integer({ min: 0, max: maxScale }));
const usdUnits = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

describe('money: parsing', () => {
  it.each([
    ['1234.5', 'USD', '1234.50'],
    ['100.000', 'USD', '100.00'],
    ['1500', 'JPY', '1500'],
    ['1500.0', 'JPY', '1500'],
    ['1.234', 'KWD', '1.234'],
    ['-3.5', 'EUR', '-3.50'],
  ])('parseMoney(%s, %s) → %s', (amount, currency, expected) => {
    expect(parseMoney(amount, currency)).toEqual({ ok: true, money: { amount: expected, currency } });
  });

  it.each([
    ['10.5', 'JPY', 'too-many-decimals'],
    ['100.005', 'USD', 'too-many-decimals'],
    ['1.2345', 'KWD', 'too-many-decimals'],
    ['1e3', 'USD', 'not-a-decimal'],
    ['1,200.00', 'USD', 'not-a-decimal'],
    [' 12', 'USD', 'not-a-decimal'],
    ['.5', 'USD', 'not-a-decimal'],
    ['5.', 'USD', 'not-a-decimal'],
    ['', 'USD', 'not-a-decimal'],
    ['12', 'XAU', 'unknown-currency'],
    ['12', 'usd', 'unknown-currency'],
    ['12', 'ABC', 'unknown-currency'],
  ])('parseMoney(%j, %s) refuses: %s', (amount, currency, problem) => {
    expect(parseMoney(amount, currency)).toMatchObject({ ok: false, problem });
  });

  it('money() throws only for bad literals', () => {
    expect(() => money('1.005', 'USD')).toThrow(InvalidMoneyError);
    expect(money('0', 'KWD')).toEqual(zeroMoney('KWD'));
  });

  it.each([['1'], ['-0.5'], ['123456789012345678.123456789012']])('isDecimalString(%s)', (v) => expect(isDecimalString(v)).toBe(true));
  it.each([[1], [null], ['1e5'], ['NaN'], ['Infinity'], ['0x10'], ['+1'], ['1.'], ['1234567890123456789']])('not isDecimalString(%j)', (v) =>
    expect(isDecimalString(v)).toBe(false),
  );
});

describe('money: arithmetic', () => {
  it.each([
    ['0.1', '0.2', '0.30'],
    ['9007199254740993.01', '0.01', '9007199254740993.02'], // beyond 2^53: a float would lose this
  ])('%s + %s = %s exactly', (a, b, sum) => {
    expect(addMoney(money(a, 'USD'), money(b, 'USD')).amount).toBe(sum);
  });

  it.each([
    ['2000', '18.75', 'USD', '37500.00'],
    ['12000', '0.845', 'USD', '10140.00'],
    ['3', '0.335', 'USD', '1.01'], // 1.005 rounds half-up
    ['1', '0.125', 'USD', '0.13'],
    ['1', '0.124999', 'USD', '0.12'],
    ['3', '4850000', 'JPY', '14550000'],
    ['7', '0.5', 'JPY', '4'], // 3.5 → 4
    ['1', '1.2345', 'KWD', '1.235'],
    ['2.5', '-1.01', 'USD', '-2.53'], // -2.525 rounds away from zero
  ])('lineAmount(%s × %s %s) = %s', (q, p, c, expected) => {
    expect(lineAmount(q, p, c)).toEqual({ amount: expected, currency: c });
  });

  it('percentages: deposits, insured value, tolerance', () => {
    expect(percentageOf(money('40620', 'USD'), '30').amount).toBe('12186.00');
    expect(percentageOf(money('69360', 'USD'), '110').amount).toBe('76296.00');
    expect(percentageOf(money('17650000', 'JPY'), '33.333').amount).toBe('5883275');
    expect(multiplyMoney(money('18.75', 'USD'), '3').amount).toBe('56.25');
  });

  it('subtracting to zero never prints -0', () => {
    expect(subtractMoney(money('-0.004', 'KWD'), money('-0.004', 'KWD')).amount).toBe('0.000');
    expect(roundToMinorUnits('-0.001', 'USD')).toBe('0.00');
  });

  it('refuses to mix currencies', () => {
    expect(() => addMoney(money('1', 'USD'), money('1', 'EUR'))).toThrow(CurrencyMismatchError);
    expect(() => compareMoney(money('1', 'USD'), money('1', 'EUR'))).toThrow(CurrencyMismatchError);
    expect(moneyEquals(money('1', 'USD'), money('1', 'EUR'))).toBe(false);
  });

  it.each([
    ['69360', 'USD', 'USD 69,360.00'],
    ['-1234567', 'JPY', 'JPY -1,234,567'],
    ['0.5', 'KWD', 'KWD 0.500'],
    ['999', 'EUR', 'EUR 999.00'],
  ])('formatMoney(%s %s) = %s', (amount, currency, expected) => {
    expect(formatMoney(money(amount, currency))).toBe(expected);
  });

  it('compares by value', () => {
    expect(compareDecimals('1.50', '1.5')).toBe(0);
    expect(compareDecimals('9', '10')).toBe(-1);
    expect(compareMoney(money('2', 'USD'), money('1.99', 'USD'))).toBe(1);
    expect(addDecimals('100', '5.5')).toBe('105.5');
    expect(fitsMinorUnits('1500.00', 'JPY')).toBe(true);
  });
});

describe('money: properties (exact, no floating point)', () => {
  it('sumMoney equals the BigInt sum of cents', () => {
    fc.assert(
      fc.property(fc.array(usdUnits, { maxLength: 30 }), (cents) => {
        const total = sumMoney('USD', cents.map((c) => money(toDecimal(c, 2), 'USD')));
        expect(total.amount).toBe(toDecimal(cents.reduce((a, b) => a + b, 0n), 2));
      }),
    );
  });

  it('addition is commutative and associative', () => {
    fc.assert(
      fc.property(usdUnits, usdUnits, usdUnits, (a, b, c) => {
        const [x, y, z] = [a, b, c].map((u) => money(toDecimal(u, 2), 'USD')) as [ReturnType<typeof money>, ReturnType<typeof money>, ReturnType<typeof money>];
        expect(addMoney(x, y)).toEqual(addMoney(y, x));
        expect(addMoney(addMoney(x, y), z)).toEqual(addMoney(x, addMoney(y, z)));
        expect(subtractMoney(addMoney(x, y), y)).toEqual(x);
      }),
    );
  });

  it('lineAmount is the exact product rounded half-up once, for every currency scale', () => {
    fc.assert(
      fc.property(scaled(4, 10n ** 9n), scaled(6, 10n ** 9n), fc.constantFrom(['JPY', 0], ['USD', 2], ['KWD', 3]), ([qu, qs], [pu, ps], [currency, digits]) => {
        const expected = toDecimal(roundHalfUp(qu * pu, qs + ps, digits as number), digits as number);
        expect(lineAmount(toDecimal(qu, qs), toDecimal(pu, ps), currency as string).amount).toBe(expected.replace(/^-(0\.?0*)$/, '$1'));
      }),
    );
  });

  it('rounding is idempotent, fits the currency and moves by at most half a minor unit', () => {
    fc.assert(
      fc.property(scaled(8), fc.constantFrom(['JPY', 0], ['USD', 2], ['KWD', 3]), ([units, scale], [currency, digits]) => {
        const input = toDecimal(units, scale);
        const once = roundToMinorUnits(input, currency as string);
        expect(roundToMinorUnits(once, currency as string)).toBe(once);
        expect(fitsMinorUnits(once, currency as string)).toBe(true);
        // |once - input| * 2 <= one minor unit, computed in BigInt at the finer scale
        const s = Math.max(scale, digits as number);
        const diff = roundHalfUp(units, scale, s) - roundHalfUp(roundHalfUp(units, scale, digits as number), digits as number, s);
        expect((diff < 0n ? -diff : diff) * 2n <= pow10(s - (digits as number))).toBe(true);
      }),
    );
  });

  it('100 % of an amount is the amount; 0 % is zero', () => {
    fc.assert(
      fc.property(usdUnits, (u) => {
        const m = money(toDecimal(u, 2), 'USD');
        expect(percentageOf(m, '100')).toEqual(m);
        expect(percentageOf(m, '0')).toEqual(zeroMoney('USD'));
      }),
    );
  });

  it('formatting keeps every digit', () => {
    fc.assert(
      fc.property(usdUnits, (u) => {
        const m = money(toDecimal(u, 2), 'USD');
        expect(formatMoney(m).replace('USD ', '').replaceAll(',', '')).toBe(m.amount);
      }),
    );
  });
});
