/**
 * Which mapping reads which EventBridge event, and the one entry point the ingestion handler calls.
 * `mapPartnerEvent` never throws: every input — valid, malformed, hostile — becomes either facts or a
 * list of field issues, so one bad partner message can never poison a batch.
 */
import type { z } from 'zod';
import type { CorrelationKey, MappedFact, MappingContext, PartnerMapping, SchemaIssue } from './partner-mapping';
import { issuePath, quoted } from './partner-mapping';
import { dcsaTnt22Mapping } from './dcsa-tnt-v2';
import { dcsaTnt300Mapping, dcsaTnt3Beta1Mapping } from './dcsa-tnt-v3';
import {
  swiftDepositMapping,
  swiftDiscrepancyMapping,
  swiftMt700Mapping,
  swiftMt707Mapping,
  swiftMt754Mapping,
  swiftPaymentMapping,
} from './swift-documentary-credit';
import { sapSalesOrderMapping } from './sap-sales-order';

/** Every partner format Tradeflow reads. A (source, detail-type) pair selects at most one. */
export const partnerMappings: ReadonlyArray<PartnerMapping<unknown>> = [
  dcsaTnt22Mapping,
  dcsaTnt3Beta1Mapping,
  dcsaTnt300Mapping,
  swiftMt700Mapping,
  swiftMt707Mapping,
  swiftMt754Mapping,
  swiftDiscrepancyMapping,
  swiftPaymentMapping,
  swiftDepositMapping,
  sapSalesOrderMapping,
];

/** Whether an EventBridge source falls under a mapping's prefix (`partner.carrier` matches `partner.carrier.exo`). */
export function sourceMatches(source: string, prefix: string): boolean {
  return source === prefix || source.startsWith(`${prefix}.`);
}

/**
 * The mapping for an EventBridge source and detail-type, if Tradeflow reads that format.
 *
 * @example mappingFor('partner.carrier.exo', 'DCSA.TrackAndTrace.v2.2')?.id // 'dcsa-tnt-2.2'
 * @example mappingFor('partner.bank.hsbc', 'DCSA.TrackAndTrace.v2.2') // undefined
 */
export function mappingFor(source: string, detailType: string): PartnerMapping<unknown> | undefined {
  if (typeof source !== 'string' || typeof detailType !== 'string') return undefined;
  return partnerMappings.find((m) => sourceMatches(source, m.source.prefix) && m.detailTypes.includes(detailType));
}

export type PartnerEventMapping =
  | { ok: true; mapping: PartnerMapping<unknown>; facts: MappedFact[]; keys: CorrelationKey[] }
  | { ok: false; reason: 'UNKNOWN_FORMAT' | 'SCHEMA'; issues: SchemaIssue[] };

/**
 * Validates and maps one partner event. Unknown (source, detail-type) → `UNKNOWN_FORMAT`; a detail that
 * breaks the format's schema or plausibility checks → `SCHEMA` with one issue per field. Never throws.
 *
 * @example
 * const result = mapPartnerEvent(event.source, event['detail-type'], event.detail, { publisher: event.source, recordedAt });
 * if (!result.ok) park(event, result.issues); else for (const fact of result.facts) record(fact, result.keys);
 */
export function mapPartnerEvent(source: string, detailType: string, detail: unknown, ctx: MappingContext): PartnerEventMapping {
  try {
    const mapping = mappingFor(source, detailType);
    if (mapping === undefined) {
      return {
        ok: false,
        reason: 'UNKNOWN_FORMAT',
        issues: [{ path: 'detail-type', message: `No partner format is registered for source ${quoted(source)} with detail-type ${quoted(detailType)}` }],
      };
    }
    const parsed = mapping.schema.safeParse(detail);
    if (!parsed.success) return { ok: false, reason: 'SCHEMA', issues: partnerIssuesFromZod(parsed.error.issues) };
    const checkIssues = mapping.checks?.(parsed.data, ctx) ?? [];
    if (checkIssues.length > 0) return { ok: false, reason: 'SCHEMA', issues: checkIssues };
    return { ok: true, mapping, facts: mapping.toFacts(parsed.data, ctx), keys: mapping.correlationKeys(parsed.data) };
  } catch (error) {
    // Only a bug in a mapping gets here (or a hostile object whose getters throw); park it, do not crash the batch.
    return { ok: false, reason: 'SCHEMA', issues: [{ path: '(event)', message: `could not be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

/**
 * zod issues as field issues. Unions report the branch that came closest (fewest issues), so a broken
 * SAP envelope names `d.results[0].TransactionCurrency`, not "no union member matched".
 */
export function partnerIssuesFromZod(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): SchemaIssue[] {
  return issues.flatMap((issue): SchemaIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      return partnerIssuesFromZod(closest, path);
    }
    return [{ path: issuePath(path), message: plainMessage(issue) }];
  });
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (!issue.message.startsWith('Invalid input')) return issue.message;
  if (issue.code === 'invalid_type') {
    return 'input' in issue && issue.input === undefined ? 'is required' : `must be ${issue.expected}; got ${describe('input' in issue ? issue.input : undefined)}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => String(v)).join(', ')}; got ${describe(issue.input)}`;
  return issue.message;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return quoted(value);
}
