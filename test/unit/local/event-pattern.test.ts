import fc from 'fast-check';
import {
  compileEventPattern,
  eventPatternProblem,
  InvalidEventPatternError,
  matchesEventPattern,
  type EventPattern,
} from '../../../infra/local/eventbridge/event-pattern';
import conformance from '../../fixtures/eventbridge-pattern-cases.json';

interface ConformanceCase {
  name: string;
  pattern: EventPattern;
  event: Record<string, unknown>;
  matches: boolean;
}

const envelope = (detail: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'DCSA.TrackAndTrace.Event',
  source: 'partner.carrier.maersk',
  account: '111111111111',
  time: '2026-12-03T08:15:00Z',
  region: 'eu-west-1',
  resources: [],
  detail,
  ...overrides,
});

describe('event pattern conformance (AWS documentation cases)', () => {
  it('carries its source so nobody edits the copy instead of the reference', () => {
    expect(conformance._source).toMatch(/eventbridge-pattern-cases\.json/);
  });

  it.each((conformance.cases as unknown as ConformanceCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(matchesEventPattern(c.pattern, c.event)).toBe(c.matches);
  });
});

describe('event pattern matching beyond the conformance table', () => {
  it.each<[string, EventPattern, Record<string, unknown>, boolean]>([
    ['null does not match a missing field', { x: [null] }, {}, false],
    ['exists:false does not match a field set to null', { x: [{ exists: false }] }, { x: null }, false],
    ['exists:true matches a field set to null', { x: [{ exists: true }] }, { x: null }, true],
    ['exists:true does not match an empty array', { x: [{ exists: true }] }, { x: [] }, false],
    ['exists:false matches an empty array', { x: [{ exists: false }] }, { x: [] }, true],
    ['exists:true does not match an object (only leaves exist)', { x: [{ exists: true }] }, { x: { y: 1 } }, false],
    ['exists:false matches under a missing parent', { a: { b: [{ exists: false }] } }, {}, true],
    ['empty string does not match null', { x: [''] }, { x: null }, false],
    ['a string never equals a number', { x: ['5'] }, { x: 5 }, false],
    ['numbers compare by value', { x: [5] }, { x: 5.0 }, true],
    ['booleans match exactly', { x: [true] }, { x: true }, true],
    ['a boolean is not its string', { x: ['true'] }, { x: true }, false],
    ['anything-but does not match a missing field', { x: [{ 'anything-but': 'A' }] }, {}, false],
    ['anything-but list excludes each listed value', { x: [{ 'anything-but': ['A', 'B'] }] }, { x: 'B' }, false],
    ['anything-but matches an array holding another value', { x: [{ 'anything-but': 'A' }] }, { x: ['A', 'C'] }, true],
    ['anything-but equals-ignore-case', { x: [{ 'anything-but': { 'equals-ignore-case': ['draft'] } }] }, { x: 'DRAFT' }, false],
    ['anything-but wildcard', { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { p: 'src/lib/a.ts' }, false],
    ['anything-but prefix lets other strings through', { e: [{ 'anything-but': { prefix: 'test-' } }] }, { e: 'prod-1' }, true],
    ['suffix equals-ignore-case', { f: [{ suffix: { 'equals-ignore-case': '.PDF' } }] }, { f: 'bl.pdf' }, true],
    ['prefix ignores numbers', { x: [{ prefix: '1' }] }, { x: 12 }, false],
    ['numeric equals', { x: [{ numeric: ['=', 3.5] }] }, { x: 3.5 }, true],
    ['numeric upper bound open', { x: [{ numeric: ['<', 10] }] }, { x: 10 }, false],
    ['numeric lower bound inclusive', { x: [{ numeric: ['>=', 10, '<', 20] }] }, { x: 10 }, true],
    ['numeric matches any element of an array', { x: [{ numeric: ['>', 100] }] }, { x: [1, 200] }, true],
    ['wildcard star matches the empty run', { x: [{ wildcard: 'a*b' }] }, { x: 'ab' }, true],
    ['wildcard escaped star is literal', { x: [{ wildcard: 'a\\*b' }] }, { x: 'axb' }, false],
    ['wildcard escaped star matches a star', { x: [{ wildcard: 'a\\*b' }] }, { x: 'a*b' }, true],
    ['wildcard dots are literal', { x: [{ wildcard: 'a.b*' }] }, { x: 'axbc' }, false],
    ['cidr outside the block', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.7' }, false],
    ['cidr masks the base address', { ip: [{ cidr: '10.0.0.7/24' }] }, { ip: '10.0.0.1' }, true],
    ['cidr ignores a non-IP string', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'ten' }, false],
    ['cidr IPv6', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:85a3::8a2e:370:7334' }, true],
    ['cidr IPv6 outside', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' }, false],
    ['cidr never mixes families', { ip: [{ cidr: '0.0.0.0/0' }] }, { ip: '::1' }, false],
    ['several filters are ORed', { x: ['A', { prefix: 'B' }] }, { x: 'Bx' }, true],
    [
      'array of objects: fields must match within one element',
      { items: { sku: ['A'], qty: [2] } },
      { items: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }] },
      false,
    ],
    ['array of objects: one element matching suffices', { items: { sku: ['A'], qty: [2] } }, { items: [{ sku: 'B' }, { sku: 'A', qty: 2 }] }, true],
    ['nested arrays flatten', { x: ['c'] }, { x: [['a'], ['b', ['c']]] }, true],
    ['a leaf pattern does not look into objects', { x: ['a'] }, { x: { y: 'a' } }, false],
    ['nested $or inside $or', { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] }, { c: '3' }, true],
    ['$or ANDs with its siblings', { a: ['1'], $or: [{ b: ['2'] }, { c: ['3'] }] }, { a: '0', b: '2' }, false],
  ])('%s', (_name, pattern, event, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it('matches a whole EventBridge envelope compiled once', () => {
    const rule = compileEventPattern({
      source: [{ prefix: 'partner.carrier' }],
      'detail-type': [{ prefix: 'DCSA.' }],
      detail: { eventClassifierCode: ['ACT'], transportEventTypeCode: ['DEPA', 'ARRI'] },
    });
    expect(rule.matches(envelope({ eventClassifierCode: 'ACT', transportEventTypeCode: 'DEPA' }))).toBe(true);
    expect(rule.matches(envelope({ eventClassifierCode: 'EST', transportEventTypeCode: 'DEPA' }))).toBe(false);
    expect(rule.matches(envelope({ eventClassifierCode: 'ACT', transportEventTypeCode: 'DEPA' }, { source: 'partner.bank' }))).toBe(false);
  });

  it('accepts the pattern as a JSON string, as PutRule does', () => {
    expect(matchesEventPattern('{"source":["partner.erp"]}', { source: 'partner.erp' })).toBe(true);
  });
});

describe('event pattern validation', () => {
  it.each<[string, unknown, RegExp]>([
    ['a pattern that is not an object', ['source'], /Filter is not an object/],
    ['a pattern that is not JSON', '{source:', /not valid JSON/],
    ['an empty pattern', {}, /Empty objects are not allowed at \$/],
    ['an empty nested object', { detail: {} }, /Empty objects are not allowed at \$\.detail/],
    ['a bare value instead of an array', { source: 'partner.erp' }, /"source" must be an object or an array at \$\.source/],
    ['an empty value array', { source: [] }, /Empty arrays are not allowed/],
    ['a nested array as a value', { source: [['a']] }, /Match value must be String, number, true, false, or null at \$\.source\[0\]/],
    ['an unknown match type', { source: [{ startsWith: 'a' }] }, /Unrecognized match type startsWith/],
    ['an empty match object', { source: [{}] }, /Match expression name not found/],
    ['two keys in one filter', { source: [{ prefix: 'a', suffix: 'b' }] }, /Only one key allowed in match expression/],
    ['a numeric prefix', { source: [{ prefix: 1 }] }, /prefix match pattern must be a string/],
    ['prefix with an unknown modifier', { source: [{ prefix: { wildcard: 'a' } }] }, /Unsupported prefix pattern: wildcard/],
    ['numeric that is not an array', { n: [{ numeric: '>' }] }, /Value of numeric must be an array\./],
    ['numeric with an unknown operator', { n: [{ numeric: ['!=', 1] }] }, /Unrecognized numeric range operator: !=/],
    ['numeric with a string bound', { n: [{ numeric: ['>', '1'] }] }, /Value of > must be numeric/],
    ['numeric range upside down', { n: [{ numeric: ['>', 10, '<', 5] }] }, /Bottom must be less than top/],
    ['numeric range with two lower bounds', { n: [{ numeric: ['>', 1, '>', 5] }] }, /Bad numeric range operator: >/],
    ['numeric range too long', { n: [{ numeric: ['>', 1, '<', 5, '<', 6] }] }, /Too many terms in numeric range expression/],
    ['numeric equals with extra terms', { n: [{ numeric: ['=', 1, '<', 5] }] }, /Too many elements in numeric expression/],
    ['exists that is not a boolean', { x: [{ exists: 'yes' }] }, /exists match pattern must be either true or false\./],
    ['anything-but null', { x: [{ 'anything-but': null }] }, /must be an array or single string\/number value/],
    ['anything-but with mixed types', { x: [{ 'anything-but': ['a', 1] }] }, /mixed type is not supported/],
    ['anything-but with a boolean', { x: [{ 'anything-but': [true] }] }, /start\|null\|boolean is not supported/],
    ['anything-but numeric filter', { x: [{ 'anything-but': { numeric: ['>', 1] } }] }, /Unsupported anything-but pattern: numeric/],
    ['anything-but empty prefix', { x: [{ 'anything-but': { prefix: '' } }] }, /Null prefix\/suffix not allowed/],
    ['consecutive wildcards', { x: [{ wildcard: 'a**b' }] }, /Consecutive wildcard characters at pos 1/],
    ['a bad wildcard escape', { x: [{ wildcard: 'a\\b' }] }, /Invalid escape character at pos 1/],
    ['cidr without a mask', { ip: [{ cidr: '10.0.0.0' }] }, /one '\/' required/],
    ['cidr with a bad address', { ip: [{ cidr: '10.0.0.300/8' }] }, /Nonstandard IP address: 10\.0\.0\.300/],
    ['cidr with too many mask bits', { ip: [{ cidr: '10.0.0.0/33' }] }, /IPv4 mask bits must be <= 32/],
    ['$or that is not an array', { $or: { a: ['1'] } }, /It must be an Array followed with \$or\./],
    ['$or with one branch', { $or: [{ a: ['1'] }] }, /at least 2 Objects in \$or/],
    ['$or with a non-object branch', { $or: [{ a: ['1'] }, ['b']] }, /Only JSON object is allowed in array of \$or/],
    ['a match-type name as a field inside $or', { $or: [{ prefix: ['1'] }, { b: ['2'] }] }, /prefix is Ruler reserved fieldName/],
  ])('rejects %s', (_name, pattern, reason) => {
    expect(() => compileEventPattern(pattern as EventPattern)).toThrow(InvalidEventPatternError);
    expect(eventPatternProblem(pattern)).toMatch(reason);
  });

  it('words the error like PutRule does', () => {
    expect(() => compileEventPattern({ source: 'x' } as unknown as EventPattern)).toThrow(/^Event pattern is not valid\. Reason: /);
  });
});

describe('event pattern properties', () => {
  const text = fc.string({ maxLength: 12 });
  const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

  it('an exact value matches itself, alone or anywhere in an array, and nothing of another type', () => {
    fc.assert(
      fc.property(scalar, fc.array(scalar, { maxLength: 4 }), (value, others) => {
        const pattern = { detail: { field: [value] } };
        expect(matchesEventPattern(pattern, { detail: { field: value } })).toBe(true);
        expect(matchesEventPattern(pattern, { detail: { field: [...others, value] } })).toBe(true);
        if (typeof value === 'string') expect(matchesEventPattern(pattern, { detail: { field: Number(value) } })).toBe(false);
      }),
    );
  });

  it('anything-but a string is the negation of matching it, for present scalar values', () => {
    fc.assert(
      fc.property(text, scalar, (excluded, value) => {
        const exact = matchesEventPattern({ f: [excluded] }, { f: value });
        const anythingBut = matchesEventPattern({ f: [{ 'anything-but': excluded }] }, { f: value });
        expect(anythingBut).toBe(!exact);
      }),
    );
  });

  it('prefix and suffix agree with String.startsWith/endsWith', () => {
    fc.assert(
      fc.property(text, text, (affix, value) => {
        expect(matchesEventPattern({ f: [{ prefix: affix }] }, { f: value })).toBe(value.startsWith(affix));
        expect(matchesEventPattern({ f: [{ suffix: affix }] }, { f: value })).toBe(value.endsWith(affix));
      }),
    );
  });

  it('a numeric range agrees with plain comparison', () => {
    const n = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });
    fc.assert(
      fc.property(n, n, n, fc.boolean(), fc.boolean(), (a, b, value, openLow, openHigh) => {
        fc.pre(a < b);
        const pattern = { f: [{ numeric: [openLow ? '>' : '>=', a, openHigh ? '<' : '<=', b] }] };
        const expected = (openLow ? value > a : value >= a) && (openHigh ? value < b : value <= b);
        expect(matchesEventPattern(pattern, { f: value })).toBe(expected);
      }),
    );
  });

  it('a wildcard without stars is an exact string match, whatever regex characters it holds', () => {
    const literal = fc.string({ maxLength: 10 }).filter((s) => !s.includes('*') && !s.includes('\\'));
    fc.assert(
      fc.property(literal, literal, (pattern, value) => {
        expect(matchesEventPattern({ f: [{ wildcard: pattern }] }, { f: value })).toBe(pattern === value);
      }),
    );
  });

  it('$or matches exactly when one of its branches matches on its own', () => {
    const branch = fc.record({ a: fc.constantFrom(['1'], ['2']), b: fc.constantFrom([{ exists: true }], [{ exists: false }]) });
    const event = fc.record({ a: fc.constantFrom('1', '2', undefined), b: fc.constantFrom('x', undefined) });
    fc.assert(
      fc.property(branch, branch, event, (left, right, e) => {
        const either = matchesEventPattern({ $or: [left, right] } as EventPattern, e);
        expect(either).toBe(matchesEventPattern(left as EventPattern, e) || matchesEventPattern(right as EventPattern, e));
      }),
    );
  });

  it('validation never fails with anything but a pattern error, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (pattern) => {
        const problem = eventPatternProblem(pattern);
        if (problem === undefined) expect(() => compileEventPattern(pattern as EventPattern).matches({ a: 1 })).not.toThrow();
      }),
    );
  });
});
