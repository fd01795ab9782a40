/**
 * EventBridge event-pattern grammar, validator and matcher for the local bus.
 *
 * No npm library matches event patterns the way EventBridge does, so the local runtime carries its own.
 * Semantics follow the EventBridge user guide (content filtering, arrays, null values) and the validation
 * messages follow aws/event-ruler's `JsonRuleCompiler`, the engine EventBridge is built on, so a pattern
 * this module rejects is one `PutRule` rejects too. Conformance cases live in
 * `test/fixtures/eventbridge-pattern-cases.json`.
 *
 * Deliberate differences from event-ruler, kept because they are what the AWS docs describe:
 * - `cidr` masks the base address (`10.0.0.7/24` covers 10.0.0.0–10.0.0.255) and accepts /32 and /128.
 * - an exact string that is an IP literal is compared as a string, not as a one-address range.
 * - no rule-complexity limits (they protect a shared service, not a laptop).
 */

/** A value an exact match compares with (strings, numbers, booleans and null are all distinct types). */
export type ExactValue = string | number | boolean | null;

/** `equals-ignore-case` inside `prefix`/`suffix`. */
export interface IgnoreCaseOperand {
  readonly 'equals-ignore-case': string;
}

/** The body of an `anything-but` filter. */
export type AnythingButOperand =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { readonly prefix: string | readonly string[] }
  | { readonly suffix: string | readonly string[] }
  | { readonly 'equals-ignore-case': string | readonly string[] }
  | { readonly wildcard: string | readonly string[] };

/** One content filter in a leaf array. Exactly one key per object, as in EventBridge. */
export type ContentFilter =
  | { readonly prefix: string | IgnoreCaseOperand }
  | { readonly suffix: string | IgnoreCaseOperand }
  | { readonly 'equals-ignore-case': string }
  | { readonly 'anything-but': AnythingButOperand }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean }
  | { readonly wildcard: string }
  | { readonly cidr: string };

/** A leaf: any of these matching any value of the event field makes the field match (logical OR). */
export type PatternLeaf = readonly (ExactValue | ContentFilter)[];

/** An event pattern: fields are ANDed, `$or` holds alternative sub-patterns for the same level. */
export interface EventPattern {
  readonly [field: string]: EventPattern | PatternLeaf | readonly EventPattern[];
}

/** Thrown for a pattern EventBridge would refuse; the message reads like `PutRule`'s. */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
  constructor(
    /** What is wrong, in event-ruler's words. */
    readonly reason: string,
    /** Where: a JSON path into the pattern, e.g. `$.detail.amount[0].numeric`. */
    readonly at: string,
  ) {
    super(`Event pattern is not valid. Reason: ${reason} at ${at}`);
  }
}

/** A validated pattern, ready to test events against many times. */
export interface CompiledEventPattern {
  /** The pattern as given (parsed when it was a JSON string). */
  readonly pattern: EventPattern;
  /** True when the event matches. The event is any JSON value, usually an EventBridge envelope. */
  matches(event: unknown): boolean;
}

const OR = '$or';
const MATCH_TYPES = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'wildcard', 'cidr'];

type Scalar = string | number | boolean | null;
type ValueTest = (value: Scalar) => boolean;
/** Tests one field's leaf values; `values` is empty when the field is absent. */
type LeafTest = (values: readonly Scalar[]) => boolean;
/** Tests the members of one (possibly missing) event object. */
type ObjectTest = (members: Readonly<Record<string, unknown>> | undefined) => boolean;

/**
 * Validates a pattern and returns a reusable matcher.
 *
 * Why: rules are compiled once when the bus starts, so a bad pattern fails at start-up with the same
 * reason AWS would give at deploy time, and matching stays cheap per event.
 *
 * @example
 * const rule = compileEventPattern({ source: [{ prefix: 'partner.carrier' }] });
 * rule.matches({ source: 'partner.carrier.maersk', detail: {} }); // true
 */
export function compileEventPattern(pattern: EventPattern | string): CompiledEventPattern {
  const parsed = parsePatternText(pattern);
  if (!isPlainObject(parsed)) throw new InvalidEventPatternError('Filter is not an object', '$');
  const test = compileObject(parsed, '$', false);
  return { pattern: parsed as EventPattern, matches: (event) => test(asMembers(event)) };
}

/**
 * Checks a pattern without keeping the matcher.
 *
 * Why: tests and the CDK app can assert that every rule in `infra/event-rules.ts` would deploy.
 *
 * @example
 * eventPatternProblem({ source: 'partner.erp' }); // '"source" must be an object or an array at $.source'
 * eventPatternProblem({ source: ['partner.erp'] }); // undefined
 */
export function eventPatternProblem(pattern: unknown): string | undefined {
  try {
    compileEventPattern(pattern as EventPattern);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return `${error.reason} at ${error.at}`;
    throw error;
  }
}

/**
 * One-off match of an event against a pattern (validates the pattern each call).
 *
 * @example
 * matchesEventPattern({ detail: { amount: [{ numeric: ['>', 0] }] } }, { detail: { amount: 5 } }); // true
 */
export function matchesEventPattern(pattern: EventPattern | string, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}

function parsePatternText(pattern: unknown): unknown {
  if (typeof pattern !== 'string') return pattern;
  try {
    return JSON.parse(pattern) as unknown;
  } catch (error) {
    throw new InvalidEventPatternError(`Pattern is not valid JSON (${(error as Error).message})`, '$');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Structure: objects (AND of fields, $or) and leaves (OR of filters)
// ---------------------------------------------------------------------------------------------------------

function compileObject(node: Record<string, unknown>, at: string, insideOr: boolean): ObjectTest {
  const keys = Object.keys(node);
  if (keys.length === 0) throw new InvalidEventPatternError('Empty objects are not allowed', at);
  const tests: ObjectTest[] = [];
  for (const key of keys) {
    const value = node[key];
    const path = `${at}.${key}`;
    if (key === OR) {
      tests.push(compileOr(value, path));
      continue;
    }
    if (insideOr && MATCH_TYPES.includes(key)) {
      throw new InvalidEventPatternError(`${key} is Ruler reserved fieldName which cannot be used inside $or.`, path);
    }
    if (Array.isArray(value)) {
      const leaf = compileLeaf(value, path);
      tests.push((members) => leaf(leafValues(members?.[key])));
    } else if (isPlainObject(value)) {
      const child = compileObject(value, path, insideOr);
      tests.push((members) => matchesNested(child, members?.[key]));
    } else {
      throw new InvalidEventPatternError(`"${key}" must be an object or an array`, path);
    }
  }
  return (members) => tests.every((test) => test(members));
}

function compileOr(value: unknown, at: string): ObjectTest {
  if (!Array.isArray(value)) throw new InvalidEventPatternError('It must be an Array followed with $or.', at);
  const branches = value.map((branch, index) => {
    if (!isPlainObject(branch)) {
      throw new InvalidEventPatternError('Only JSON object is allowed in array of $or relationship.', `${at}[${index}]`);
    }
    return compileObject(branch, `${at}[${index}]`, true);
  });
  if (branches.length < 2) throw new InvalidEventPatternError('There must have at least 2 Objects in $or relationship.', at);
  return (members) => branches.some((branch) => branch(members));
}

/**
 * A nested pattern applied to an event value: an array applies it to each element (all fields of one
 * element must match together, as event-ruler's array consistency requires); anything else that is not an
 * object leaves every nested field absent.
 */
function matchesNested(test: ObjectTest, value: unknown): boolean {
  if (Array.isArray(value)) {
    const elements = value.flat(Infinity) as unknown[];
    if (elements.length === 0) return test(undefined);
    return elements.some((element) => test(asMembers(element)));
  }
  return test(asMembers(value));
}

/** The scalar values of a field, arrays flattened; objects are not leaves, so they contribute nothing. */
function leafValues(value: unknown): Scalar[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(leafValues);
  if (isPlainObject(value)) return [];
  return [value as Scalar];
}

function compileLeaf(filters: readonly unknown[], at: string): LeafTest {
  if (filters.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed', at);
  const tests = filters.map((filter, index): LeafTest => {
    const path = `${at}[${index}]`;
    if (isPlainObject(filter)) return compileFilter(filter, path);
    if (filter === null || ['string', 'number', 'boolean'].includes(typeof filter)) {
      const expected = filter as Scalar;
      return (values) => values.some((value) => value === expected);
    }
    throw new InvalidEventPatternError('Match value must be String, number, true, false, or null', path);
  });
  return (values) => tests.some((test) => test(values));
}

// ---------------------------------------------------------------------------------------------------------
// Content filters
// ---------------------------------------------------------------------------------------------------------

function compileFilter(filter: Record<string, unknown>, at: string): LeafTest {
  const keys = Object.keys(filter);
  const [kind] = keys;
  if (kind === undefined) throw new InvalidEventPatternError('Match expression name not found', at);
  const operand = filter[kind];
  const path = `${at}.${kind}`;
  const single = (): void => {
    if (keys.length > 1) {
      const message = kind === 'numeric' || kind === 'anything-but' ? 'Too many elements in numeric expression' : 'Only one key allowed in match expression';
      throw new InvalidEventPatternError(message, at);
    }
  };
  switch (kind) {
    case 'exists': {
      if (typeof operand !== 'boolean') throw new InvalidEventPatternError('exists match pattern must be either true or false.', path);
      single();
      return operand ? (values) => values.length > 0 : (values) => values.length === 0;
    }
    case 'prefix':
    case 'suffix': {
      const test = compileAffix(kind, operand, path);
      single();
      return anyValue(test);
    }
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') throw new InvalidEventPatternError('equals-ignore-case match pattern must be a string', path);
      single();
      const expected = foldCase(operand);
      return anyValue((value) => typeof value === 'string' && foldCase(value) === expected);
    }
    case 'wildcard': {
      if (typeof operand !== 'string') throw new InvalidEventPatternError('wildcard match pattern must be a string', path);
      single();
      const regex = wildcardRegex(operand, path);
      return anyValue((value) => typeof value === 'string' && regex.test(value));
    }
    case 'numeric': {
      if (!Array.isArray(operand)) throw new InvalidEventPatternError('Value of numeric must be an array.', path);
      const inRange = compileNumeric(operand, path);
      single();
      return anyValue((value) => typeof value === 'number' && inRange(value));
    }
    case 'cidr': {
      if (typeof operand !== 'string') throw new InvalidEventPatternError('cidr match pattern must be a string', path);
      single();
      const inBlock = compileCidr(operand, path);
      return anyValue((value) => typeof value === 'string' && inBlock(value));
    }
    case 'anything-but': {
      const excluded = compileAnythingBut(operand, path);
      single();
      // Present values only: a missing field is not "anything but X", it is nothing.
      return anyValue((value) => !excluded(value));
    }
    default:
      throw new InvalidEventPatternError(`Unrecognized match type ${kind}`, path);
  }
}

function anyValue(test: ValueTest): LeafTest {
  return (values) => values.some(test);
}

/** Case folding for `equals-ignore-case`: Unicode lower case of the upper case, as Java's equalsIgnoreCase. */
function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}

function compileAffix(kind: 'prefix' | 'suffix', operand: unknown, at: string): ValueTest {
  let ignoreCase = false;
  let affix: unknown = operand;
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    const Kind = kind === 'prefix' ? 'Prefix' : 'Suffix';
    if (keys.length === 0) throw new InvalidEventPatternError(`${Kind} expression name not found`, at);
    if (keys[0] !== 'equals-ignore-case') throw new InvalidEventPatternError(`Unsupported ${kind} pattern: ${keys[0]}`, at);
    if (keys.length > 1) throw new InvalidEventPatternError('Only one key allowed in match expression', at);
    affix = operand['equals-ignore-case'];
    if (typeof affix !== 'string') throw new InvalidEventPatternError('equals-ignore-case match pattern must be a string', at);
    ignoreCase = true;
  } else if (typeof affix !== 'string') {
    throw new InvalidEventPatternError(`${kind} match pattern must be a string`, at);
  }
  const expected = ignoreCase ? foldCase(affix as string) : (affix as string);
  return (value) => {
    if (typeof value !== 'string') return false;
    const actual = ignoreCase ? foldCase(value) : value;
    return kind === 'prefix' ? actual.startsWith(expected) : actual.endsWith(expected);
  };
}

/** Returns the test for the EXCLUDED values; the caller negates it. */
function compileAnythingBut(operand: unknown, at: string): ValueTest {
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    const [kind] = keys;
    if (kind === undefined) throw new InvalidEventPatternError('Anything-But expression name not found', at);
    if (!['equals-ignore-case', 'prefix', 'suffix', 'wildcard'].includes(kind)) {
      throw new InvalidEventPatternError(`Unsupported anything-but pattern: ${kind}`, at);
    }
    if (keys.length > 1) throw new InvalidEventPatternError('Too many elements in numeric expression', at);
    const inner = operand[kind];
    const path = `${at}.${kind}`;
    const texts = Array.isArray(inner) ? inner : [inner];
    if (!Array.isArray(inner) && typeof inner !== 'string') {
      throw new InvalidEventPatternError('Value of anything-but must be an array or single string/number value.', path);
    }
    if (texts.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed', path);
    for (const text of texts) {
      if (typeof text === 'string') continue;
      const message =
        kind === 'equals-ignore-case'
          ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
          : kind === 'wildcard'
            ? 'wildcard match pattern must be a string'
            : 'prefix/suffix match pattern must be a string';
      throw new InvalidEventPatternError(message, path);
    }
    const strings = texts as string[];
    switch (kind) {
      case 'equals-ignore-case': {
        const folded = new Set(strings.map(foldCase));
        return (value) => typeof value === 'string' && folded.has(foldCase(value));
      }
      case 'wildcard': {
        const regexes = strings.map((text) => wildcardRegex(text, path));
        return (value) => typeof value === 'string' && regexes.some((regex) => regex.test(value));
      }
      default: {
        if (strings.some((text) => text === '')) throw new InvalidEventPatternError('Null prefix/suffix not allowed', path);
        const test = kind === 'prefix' ? (v: string, t: string) => v.startsWith(t) : (v: string, t: string) => v.endsWith(t);
        return (value) => typeof value === 'string' && strings.some((text) => test(value, text));
      }
    }
  }
  if (typeof operand === 'string') return (value) => value === operand;
  if (typeof operand === 'number') return (value) => value === operand;
  if (!Array.isArray(operand)) {
    throw new InvalidEventPatternError('Value of anything-but must be an array or single string/number value.', at);
  }
  if (operand.some((item) => typeof item !== 'string' && typeof item !== 'number')) {
    throw new InvalidEventPatternError('Inside anything but list, start|null|boolean is not supported.', at);
  }
  const hasString = operand.some((item) => typeof item === 'string');
  const hasNumber = operand.some((item) => typeof item === 'number');
  if (hasString === hasNumber) {
    throw new InvalidEventPatternError('Inside anything but list, either all values are number or string, mixed type is not supported', at);
  }
  const excluded = new Set<Scalar>(operand as (string | number)[]);
  return (value) => excluded.has(value);
}

function compileNumeric(terms: readonly unknown[], at: string): (value: number) => boolean {
  const numberAfter = (index: number, operator: string): number => {
    const value = terms[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const name = operator === '=' ? 'equals' : operator;
      throw new InvalidEventPatternError(`Value of ${name} must be numeric`, at);
    }
    return value;
  };
  const [operator] = terms;
  if (typeof operator !== 'string') throw new InvalidEventPatternError(`Invalid member in numeric match: ${JSON.stringify(operator)}`, at);
  switch (operator) {
    case '=': {
      const expected = numberAfter(1, '=');
      if (terms.length > 2) throw new InvalidEventPatternError('Too many elements in numeric expression', at);
      return (value) => value === expected;
    }
    case '<':
    case '<=': {
      const top = numberAfter(1, operator);
      if (terms.length > 2) throw new InvalidEventPatternError('Too many elements in numeric expression', at);
      return operator === '<' ? (value) => value < top : (value) => value <= top;
    }
    case '>':
    case '>=': {
      const bottom = numberAfter(1, operator);
      const above = operator === '>' ? (value: number) => value > bottom : (value: number) => value >= bottom;
      if (terms.length === 2) return above;
      const upper = terms[2];
      if (typeof upper !== 'string') throw new InvalidEventPatternError(`Bad value in numeric range: ${JSON.stringify(upper)}`, at);
      if (upper !== '<' && upper !== '<=') throw new InvalidEventPatternError(`Bad numeric range operator: ${upper}`, at);
      const top = numberAfter(3, upper);
      if (terms.length > 4) throw new InvalidEventPatternError('Too many terms in numeric range expression', at);
      if (!(bottom < top)) throw new InvalidEventPatternError('Bottom must be less than top', at);
      const below = upper === '<' ? (value: number) => value < top : (value: number) => value <= top;
      return (value) => above(value) && below(value);
    }
    default:
      throw new InvalidEventPatternError(`Unrecognized numeric range operator: ${operator}`, at);
  }
}

/** `*` matches any run of characters (including none); `\*` and `\\` are literal; `**` is refused. */
function wildcardRegex(text: string, at: string): RegExp {
  let source = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '*') {
      if (text[i + 1] === '*') throw new InvalidEventPatternError(`Consecutive wildcard characters at pos ${i}`, at);
      source += '.*';
    } else if (char === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') throw new InvalidEventPatternError(`Invalid escape character at pos ${i}`, at);
      source += `\\${next}`;
      i += 1;
    } else {
      source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

// ---------------------------------------------------------------------------------------------------------
// CIDR
// ---------------------------------------------------------------------------------------------------------

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

function compileCidr(cidr: string, at: string): (value: string) => boolean {
  const parts = cidr.split('/');
  if (parts.length !== 2) throw new InvalidEventPatternError("Malformed CIDR, one '/' required", at);
  const [address, mask] = parts as [string, string];
  if (!/^\d+$/.test(mask)) throw new InvalidEventPatternError('Malformed CIDR, mask bits must be an integer', at);
  const base = parseIp(address);
  if (!base) throw new InvalidEventPatternError(`Nonstandard IP address: ${address}`, at);
  const maskBits = Number(mask);
  if (maskBits > base.bits) throw new InvalidEventPatternError(`IPv${base.bits === 32 ? 4 : 6} mask bits must be <= ${base.bits}`, at);
  const hostBits = BigInt(base.bits - maskBits);
  const network = (base.value >> hostBits) << hostBits;
  return (value) => {
    const ip = parseIp(value);
    return ip !== undefined && ip.bits === base.bits && ip.value >> hostBits === network >> hostBits;
  };
}

function parseIp(text: string): IpAddress | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

function parseIpv4(text: string): IpAddress | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)) return undefined;
  return { bits: 32, value: octets.reduce((sum, octet) => (sum << 8n) + BigInt(Number(octet)), 0n) };
}

function parseIpv6(text: string): IpAddress | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  let groups: string[];
  const embeddedV4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let body = text;
  if (embeddedV4) {
    const v4 = parseIpv4(embeddedV4[1] as string);
    if (!v4) return undefined;
    body = `${text.slice(0, embeddedV4.index)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  if (body.includes('::')) {
    const [head, tail] = body.split('::') as [string, string];
    const left = head === '' ? [] : head.split(':');
    const right = tail === '' ? [] : tail.split(':');
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  } else {
    groups = body.split(':');
  }
  if (groups.length !== 8 || !groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return { bits: 128, value: groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n) };
}

// ---------------------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asMembers(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isPlainObject(value) ? value : undefined;
}
