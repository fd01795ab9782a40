/**
 * Validation issues that name the field, the rule and what to do, in words a trade clerk understands.
 * Every validator in the domain reports through this shape; the API maps {@link InvalidContractError}
 * to HTTP 422 with the issues as the body.
 */
import type { z } from 'zod';

/** `error` blocks the contract; `warning` is shown to the clerk but does not. */
export type IssueSeverity = 'error' | 'warning';

export interface FieldIssue {
  /** Dotted path with array indexes in brackets, e.g. `paymentTerms.latestShipmentDate`, `lines[1].hsCode`. */
  readonly path: string;
  /** Stable rule id, e.g. `lc.shipment-before-expiry`; catalogued in docs/field-dependencies.md. */
  readonly rule: string;
  readonly message: string;
  readonly severity: IssueSeverity;
}

/** Rule ids for problems found by the schema itself, before any business rule runs. */
export const SHAPE_RULES = {
  required: 'field.required',
  type: 'field.type',
  unknown: 'field.unknown',
  oneOf: 'field.one-of',
  range: 'field.range',
  format: 'field.format',
} as const;

/** Thrown by use cases when a contract fails validation; carries the issues for the 422 response. */
export class InvalidContractError extends Error {
  readonly status = 422;
  constructor(readonly issues: readonly FieldIssue[]) {
    super(`Contract is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidContractError';
  }
}

/**
 * Writes a path the way the API and the UI name fields.
 *
 * @example fieldPath(['lines', 1, 'hsCode']) // 'lines[1].hsCode'
 * @example fieldPath([]) // '(contract)'
 */
export function fieldPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path === '' ? '(contract)' : path;
}

const ACRONYMS: Readonly<Record<string, string>> = {
  hsCode: 'HS code',
  hsEdition: 'HS edition',
  bic: 'BIC',
  lcNumber: 'L/C number',
  poNumber: 'PO number',
  lineNo: 'line number',
  id: 'id',
  customerId: 'customer id',
  userId: 'user id',
};

/**
 * A field's name for a sentence: `lines[1].unitPrice` → `unit price (line 2)`.
 *
 * @example describeField('paymentTerms.issuingBank.bic') // 'issuing bank BIC'
 */
export function describeField(path: string): string {
  if (path === '(contract)') return 'contract';
  const parts = path.split('.');
  const last = parts.at(-1) ?? path;
  const [, key = last, index] = /^([^[]*)(?:\[(\d+)\])?$/.exec(last) ?? [];
  const parentPart = parts.length > 1 ? parts.at(-2) : undefined;
  const parentKey = parentPart?.replace(/\[\d+\]$/, '');
  const words = (k: string) => ACRONYMS[k] ?? k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  let label = words(key);
  if (parentKey === 'issuingBank' || parentKey === 'seller' || parentKey === 'buyer' || parentKey === 'owner') {
    label = `${words(parentKey)} ${label}`;
  }
  if (index !== undefined) label = `${label} entry ${Number(index) + 1}`;
  const line = /^lines\[(\d+)\]/.exec(path);
  if (line && key !== 'lines') label = `${label} (line ${Number(line[1]) + 1})`;
  return label;
}

/**
 * Turns zod issues into field issues. Checks written for the domain carry their rule id in
 * `params.rule`; zod's own issues (missing field, wrong JSON type, unknown key, value not in a list)
 * get the generic {@link SHAPE_RULES} ids and a plain-language message.
 *
 * Why: zod's messages ("expected string, received undefined") are for developers, not clerks.
 *
 * @example issuesFromZod(schema.safeParse(body, { reportInput: true }).error.issues)
 */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = fieldPath(issue.path);
    const field = describeField(path);
    const missing = !('input' in issue) || issue.input === undefined;
    switch (issue.code) {
      case 'custom': {
        const rule = typeof issue.params?.rule === 'string' ? issue.params.rule : SHAPE_RULES.format;
        return [{ path, rule, message: issue.message.replaceAll('{field}', field), severity: 'error' }];
      }
      case 'unrecognized_keys':
        return issue.keys.map((key) => {
          const keyPath = fieldPath([...issue.path, key]);
          return {
            path: keyPath,
            rule: SHAPE_RULES.unknown,
            message: `'${key}' is not a contract field here; check the spelling or remove it`,
            severity: 'error',
          };
        });
      case 'invalid_type':
        if (missing && issue.expected !== 'undefined') {
          return [{ path, rule: SHAPE_RULES.required, message: `The ${field} is required`, severity: 'error' }];
        }
        return [
          {
            path,
            rule: SHAPE_RULES.type,
            message:
              issue.expected === 'string' && typeof issue.input === 'number'
                ? `The ${field} must be text; got the number ${describeValue(issue.input)}. Send amounts and quantities as strings, e.g. '1250.50', so that nothing is rounded on the way`
                : `The ${field} must be ${articleFor(issue.expected)}; got ${describeValue(issue.input)}`,
            severity: 'error',
          },
        ];
      case 'invalid_value':
        if (missing) return [{ path, rule: SHAPE_RULES.required, message: `The ${field} is required`, severity: 'error' }];
        return [
          {
            path,
            rule: SHAPE_RULES.oneOf,
            message: `The ${field} must be one of ${issue.values.map((v) => String(v)).join(', ')}; got ${describeValue(issue.input)}`,
            severity: 'error',
          },
        ];
      case 'invalid_union':
        if ('discriminator' in issue && issue.discriminator !== undefined) {
          const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String).join(', ') : '';
          const given = issue.input !== null && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[issue.discriminator] : undefined;
          if (given === undefined) {
            return [{ path, rule: SHAPE_RULES.required, message: `The ${field} is required (one of ${options})`, severity: 'error' }];
          }
          return [
            { path, rule: SHAPE_RULES.oneOf, message: `The ${field} must be one of ${options}; got ${describeValue(given)}`, severity: 'error' },
          ];
        }
        return [{ path, rule: SHAPE_RULES.format, message: `The ${field} does not match any accepted form`, severity: 'error' }];
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const inclusive = issue.inclusive !== false;
        const relation =
          issue.code === 'too_small' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
        const what = issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' entries' : '';
        const message =
          issue.origin === 'string' || issue.origin === 'array'
            ? `The ${field} must be ${relation} ${String(bound)}${what}`
            : `The ${field} must be ${relation} ${String(bound)}; got ${describeValue(issue.input)}`;
        return [{ path, rule: SHAPE_RULES.range, message, severity: 'error' }];
      }
      default:
        return [{ path, rule: SHAPE_RULES.format, message: `The ${field} is not valid: ${issue.message}`, severity: 'error' }];
    }
  });
}

/** Appends a path prefix, for validators that check a part of a larger document. */
export function prefixIssues(prefix: string, issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((i) => ({ ...i, path: i.path === '(contract)' ? prefix : `${prefix}.${i.path}` }));
}

function articleFor(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
  };
  return words[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}
