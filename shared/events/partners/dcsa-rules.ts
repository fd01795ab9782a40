/**
 * DCSA Track & Trace rules shared by the 2.2 and 3.0 mappings: code lists, which code combinations we
 * refuse, and which events are evidence. Both versions normalise their events to {@link DcsaEventFacts}
 * first, so that one table decides evidence for both — and the mapping document renders that table.
 */
import type { EvidenceKind } from '../../domain/evidence';
import { isUnLocode } from '../../domain/reference-data';
import type { ExpectedDate, MappedFact, MappingContext, PortRole, SchemaIssue } from './partner-mapping';
import { quoted } from './partner-mapping';
import { epochMillisOfInstant, readPartnerInstant } from './partner-time';

// ---------------------------------------------------------------------------------------------------
// Code lists (dcsaorg/DCSA-OpenAPI event_domain_v2.0.0.yaml, TNT_v2.2.0; Conformance-Gateway TNT_v3.0.0).

export const DCSA_CODES = {
  eventType: { v2: ['SHIPMENT', 'TRANSPORT', 'EQUIPMENT'], v3: ['SHIPMENT', 'TRANSPORT', 'EQUIPMENT', 'IOT', 'REEFER'] },
  eventClassifierCode: { v2: ['PLN', 'ACT', 'EST'], v3: ['PLN', 'ACT', 'EST'] },
  shipmentEventTypeCode: {
    v2: ['RECE', 'DRFT', 'PENA', 'PENU', 'PENC', 'CONF', 'REJE', 'APPR', 'ISSU', 'SURR', 'SUBM', 'VOID', 'REQS', 'CMPL', 'HOLD', 'RELS', 'CANC'],
    v3: [
      'RECE', 'DRFT', 'PENA', 'PENU', 'PENC', 'CONF', 'REJE', 'APPR', 'ISSU', 'SURR', 'SUBM', 'VOID', 'REQS', 'CMPL', 'HOLD', 'RELS', 'CANC',
      'AMCF', 'AMCN', 'AMDC', 'AMPR', 'AMRE', 'CACF', 'CADC', 'CARE', 'DECL', 'PENM', 'PSAM', 'PSDL', 'SUAM', 'SUDL', 'UPCF', 'UPCN',
      'UPDC', 'UPDT', 'UPRE',
    ],
  },
  documentTypeCode: {
    v2: ['CBR', 'BKG', 'SHI', 'SRM', 'TRD', 'ARN', 'VGM', 'CAS', 'CUS', 'DGD', 'OOG'],
    v3: [
      'AMF', 'ARN', 'BKG', 'CAS', 'CBR', 'CEA', 'CEO', 'CQU', 'CRO', 'CUC', 'DEI', 'DEO', 'DGD', 'FCE', 'HCE', 'ICE', 'INV', 'OOG', 'PCE',
      'PFD', 'SHI', 'SRM', 'TRD', 'TRO', 'VCE', 'VGM', 'CUS',
    ],
  },
  transportEventTypeCode: { v2: ['ARRI', 'DEPA'], v3: ['ARRI', 'DEPA'] },
  equipmentEventTypeCode: {
    v2: ['LOAD', 'DISC', 'GTIN', 'GTOT', 'STUF', 'STRP', 'PICK', 'DROP', 'INSP', 'RSEA', 'RMVD'],
    v3: ['AVDO', 'AVPU', 'CROS', 'CUSI', 'CUSR', 'CUSS', 'DISC', 'DROP', 'GTIN', 'GTOT', 'INSP', 'LOAD', 'PICK', 'RMVD', 'RSEA', 'STRP', 'STUF'],
  },
  emptyIndicatorCode: { v2: ['EMPTY', 'LADEN'], v3: ['EMPTY', 'LADEN'] },
} as const satisfies Record<string, { v2: readonly string[]; v3: readonly string[] }>;

export type DcsaVersion = 'v2' | 'v3';
export type DcsaCodeField = keyof typeof DCSA_CODES;

/** `field=CODE` for each code not in the version's list (tolerated, recorded). */
export function unknownDcsaCodes(version: DcsaVersion, codes: Partial<Record<DcsaCodeField, string | undefined>>): string[] {
  const unknown: string[] = [];
  for (const [field, value] of Object.entries(codes) as Array<[DcsaCodeField, string | undefined]>) {
    if (value === undefined) continue;
    const list: readonly string[] = DCSA_CODES[field][version];
    if (!list.includes(value)) unknown.push(`${field}=${value}`);
  }
  return unknown;
}

// ---------------------------------------------------------------------------------------------------
// Combinations we refuse. DCSA's own conformance fixtures reject these; the list is our reading.

/** Refused combinations of known codes, as data for the mapping document. */
export const DCSA_REFUSED_COMBINATIONS = [
  { id: 'dcsa.shipment-actual-only', rule: 'SHIPMENT events are always ACT (a document state is a fact, never planned)' },
  { id: 'dcsa.inspection-actual-only', rule: 'EQUIPMENT INSP, RSEA and RMVD (inspected, resealed, seal removed) are reported only as ACT' },
  { id: 'dcsa.void-surrender-transport-document', rule: 'VOID and SURR apply to transport documents (TRD) only, e.g. not to an arrival notice (ARN)' },
  { id: 'dcsa.transport-call-location', rule: 'transportCall.UNLocationCode and transportCall.location.UNLocationCode must agree when both are given' },
  { id: 'dcsa.un-locode', rule: 'UN/LOCODEs must be well formed with an assigned ISO 3166 country (XY… is refused)' },
  { id: 'dcsa.created-plausible', rule: 'eventCreatedDateTime / eventUpdatedDateTime lie between 2 years before and 1 day after receipt' },
  { id: 'dcsa.actual-not-future', rule: 'an ACT eventDateTime is not later than 1 day after receipt' },
] as const;

const INSPECTION_CODES = ['INSP', 'RSEA', 'RMVD'];
const TRANSPORT_DOCUMENT_ONLY = ['VOID', 'SURR'];

/** Problems with the combination of codes in one event; paths relative to the given prefixes. */
export function combinationIssues(facts: DcsaEventFacts, paths: { classifier: string; typeCode: string; documentTypeCode: string }): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (facts.eventType === 'SHIPMENT' && facts.classifier !== 'ACT') {
    issues.push({ path: paths.classifier, message: `Shipment events must be actual (ACT); got ${quoted(facts.classifier)}` });
  }
  if (facts.eventType === 'EQUIPMENT' && facts.typeCode !== undefined && INSPECTION_CODES.includes(facts.typeCode) && facts.classifier !== 'ACT') {
    issues.push({
      path: paths.classifier,
      message: `Equipment event ${facts.typeCode} can only be reported as actual (ACT); got ${quoted(facts.classifier)}`,
    });
  }
  if (
    facts.eventType === 'SHIPMENT' &&
    facts.typeCode !== undefined &&
    TRANSPORT_DOCUMENT_ONLY.includes(facts.typeCode) &&
    facts.documentTypeCode !== undefined &&
    facts.documentTypeCode !== 'TRD'
  ) {
    issues.push({
      path: paths.typeCode,
      message: `Shipment event ${facts.typeCode} applies to transport documents (TRD) only; got document type ${quoted(facts.documentTypeCode)}`,
    });
  }
  return issues;
}

/** Message for a malformed or unassigned UN/LOCODE. */
export function unLocodeProblem(code: string): string | undefined {
  if (isUnLocode(code)) return undefined;
  return /^[A-Z]{2}[A-Z2-9]{3}$/.test(code)
    ? `${quoted(code)} is not a UN/LOCODE: '${code.slice(0, 2)}' is not an ISO 3166 country`
    : `${quoted(code)} is not a UN/LOCODE (country code plus three letters or digits 2–9, e.g. NLRTM)`;
}

/** Message for a date-time we cannot read. */
export const DATE_TIME_MESSAGE = 'must be an ISO 8601 date-time such as 2026-02-10T13:50:00+08:00';

const PLAUSIBLE_PAST_MS = 2 * 365 * 86_400_000;
const PLAUSIBLE_FUTURE_MS = 86_400_000;

/**
 * Whether a creation/update time is plausible at receipt: not more than 2 years old, not more than a
 * day ahead (clock skew). DCSA's conformance tool rejects 1999 and 2099 timestamps; so do we.
 */
export function implausibleCreation(raw: string, ctx: MappingContext): string | undefined {
  const instant = readPartnerInstant(raw);
  const received = readPartnerInstant(ctx.recordedAt);
  if (instant === undefined || received === undefined) return undefined;
  const delta = epochMillisOfInstant(instant.at) - epochMillisOfInstant(received.at);
  if (delta > PLAUSIBLE_FUTURE_MS) return `${quoted(raw)} lies in the future (received ${ctx.recordedAt})`;
  if (delta < -PLAUSIBLE_PAST_MS) return `${quoted(raw)} is more than 2 years before receipt (${ctx.recordedAt})`;
  return undefined;
}

/** An actual event cannot have happened after it was received (1 day of clock skew allowed). */
export function futureActual(raw: string, ctx: MappingContext): string | undefined {
  const instant = readPartnerInstant(raw);
  const received = readPartnerInstant(ctx.recordedAt);
  if (instant === undefined || received === undefined) return undefined;
  return epochMillisOfInstant(instant.at) - epochMillisOfInstant(received.at) > PLAUSIBLE_FUTURE_MS
    ? `An actual (ACT) event cannot lie in the future: ${quoted(raw)} (received ${ctx.recordedAt})`
    : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Evidence rules.

/** One DCSA event pattern that proves a contract fact, or (PLN/EST) sets an expected date. */
export interface DcsaEvidenceRule {
  readonly id: string;
  readonly eventType: 'SHIPMENT' | 'TRANSPORT' | 'EQUIPMENT';
  readonly typeCode: string;
  readonly documentTypeCode?: string;
  /** EQUIPMENT rules count only laden moves (an empty container gate-out proves nothing about the goods). */
  readonly ladenOnly?: boolean;
  readonly kind: EvidenceKind;
  /** The contract port the location must equal; the caller checks it with {@link locationMatches}. */
  readonly at?: PortRole;
  /** For PLN/EST events: the expected date this becomes. */
  readonly expected?: ExpectedDate['kind'];
  readonly summary: string;
}

/** The evidence table for DCSA events (2.2 and 3.0). */
export const DCSA_EVIDENCE_RULES: readonly DcsaEvidenceRule[] = [
  { id: 'booking-confirmed', eventType: 'SHIPMENT', typeCode: 'CONF', documentTypeCode: 'BKG', kind: 'bookingConfirmed', summary: 'Booking confirmed by the carrier' },
  { id: 'bl-issued', eventType: 'SHIPMENT', typeCode: 'ISSU', documentTypeCode: 'TRD', kind: 'shipped', summary: 'Transport document (B/L) issued' },
  { id: 'loaded', eventType: 'EQUIPMENT', typeCode: 'LOAD', ladenOnly: true, kind: 'shipped', at: 'portOfLoading', expected: 'ETD', summary: 'Laden container loaded on board at the port of loading' },
  { id: 'departed', eventType: 'TRANSPORT', typeCode: 'DEPA', kind: 'shipped', at: 'portOfLoading', expected: 'ETD', summary: 'Vessel departed from the port of loading' },
  { id: 'arrived', eventType: 'TRANSPORT', typeCode: 'ARRI', kind: 'arrived', at: 'portOfDischarge', expected: 'ETA', summary: 'Vessel arrived at the port of discharge' },
  { id: 'discharged', eventType: 'EQUIPMENT', typeCode: 'DISC', ladenOnly: true, kind: 'arrived', at: 'portOfDischarge', expected: 'ETA', summary: 'Laden container discharged at the port of discharge' },
  { id: 'gate-out-delivery', eventType: 'EQUIPMENT', typeCode: 'GTOT', ladenOnly: true, kind: 'delivered', at: 'placeOfDelivery', expected: 'DELIVERY', summary: 'Laden container gated out at the place of delivery (consignee confirmation stays manual)' },
];

/** Which contract port each port-bound evidence kind must have happened at. */
export const PORT_ROLE_OF_KIND: Partial<Record<EvidenceKind, PortRole>> = {
  shipped: 'portOfLoading',
  arrived: 'portOfDischarge',
  delivered: 'placeOfDelivery',
};

/** The contract's ports, as UN/LOCODEs. */
export interface ContractPorts {
  readonly portOfLoading?: string;
  readonly portOfDischarge?: string;
  readonly placeOfDelivery?: string;
}

/**
 * Whether evidence happened where the contract needs it: a vessel departure proves shipment only at the
 * port of loading, not at a transhipment port.
 *
 * True when the kind is not port-bound, when the evidence carries no location (a B/L issue proves
 * shipment wherever it is issued — the mapping never emits port-bound DCSA evidence without a location),
 * or when the contract does not name the port (nothing to refute it). Delivery falls back to the port
 * of discharge when the contract names no place of delivery (CY/CY carriage).
 *
 * @example locationMatches('shipped', 'CNSHA', { portOfLoading: 'CNSHA' }) // true
 * @example locationMatches('shipped', 'SGSIN', { portOfLoading: 'CNSHA' }) // false (transhipment)
 */
export function locationMatches(kind: EvidenceKind, location: string | undefined, ports: ContractPorts): boolean {
  const role = PORT_ROLE_OF_KIND[kind];
  if (role === undefined || location === undefined) return true;
  const required = role === 'placeOfDelivery' ? (ports.placeOfDelivery ?? ports.portOfDischarge) : ports[role];
  return required === undefined || required === location;
}

/** A DCSA event reduced to what the evidence rules read; both versions produce it. */
export interface DcsaEventFacts {
  readonly eventType: string;
  readonly classifier: string;
  readonly typeCode?: string;
  readonly documentTypeCode?: string;
  readonly emptyIndicatorCode?: string;
  /** UN/LOCODE where it happened. */
  readonly location?: string;
  readonly eventDateTime: string;
  readonly details: Record<string, unknown>;
}

/** The rule an event matches, if any (ignoring the classifier). */
export function dcsaRuleFor(facts: DcsaEventFacts): DcsaEvidenceRule | undefined {
  return DCSA_EVIDENCE_RULES.find(
    (r) =>
      r.eventType === facts.eventType &&
      r.typeCode === facts.typeCode &&
      (r.documentTypeCode === undefined || r.documentTypeCode === facts.documentTypeCode) &&
      (!r.ladenOnly || facts.emptyIndicatorCode !== 'EMPTY'),
  );
}

/**
 * Evidence or expected date for one normalised DCSA event, filled into a fact that already has its
 * identity. ACT events matching a rule become evidence (port-bound rules only with a location); PLN/EST
 * events matching a rule with an expected kind become expected dates; anything else stays a bare fact.
 */
export function dcsaFact(
  base: Pick<MappedFact, 'identity'>,
  facts: DcsaEventFacts,
  format: string,
  ctx: MappingContext,
  unknownCodes: readonly string[],
): MappedFact {
  const rule = dcsaRuleFor(facts);
  const instant = readPartnerInstant(facts.eventDateTime);
  const withCodes = unknownCodes.length > 0 ? { unknownCodes } : {};
  if (rule === undefined || instant === undefined) return { ...base, ...withCodes };
  if (facts.classifier === 'PLN' || facts.classifier === 'EST') {
    if (rule.expected === undefined) return { ...base, ...withCodes };
    return {
      ...base,
      ...withCodes,
      expected: {
        kind: rule.expected,
        at: instant.at,
        classifier: facts.classifier,
        ...(facts.location !== undefined ? { location: facts.location } : {}),
      },
    };
  }
  if (facts.classifier !== 'ACT') return { ...base, ...withCodes };
  if (rule.at !== undefined && facts.location === undefined) return { ...base, ...withCodes };
  return {
    ...base,
    ...withCodes,
    evidence: {
      kind: rule.kind,
      classifier: 'ACT',
      occurredAt: instant.at,
      recordedAt: ctx.recordedAt,
      source: { publisher: base.identity.publisher, eventId: base.identity.eventId, format },
      ...(rule.at !== undefined ? { location: facts.location } : {}),
      details: {
        rule: rule.id,
        ...(rule.at !== undefined ? { locationRole: rule.at } : {}),
        ...(instant.assumedUtc ? { assumedUtc: true } : {}),
        ...facts.details,
      },
    },
  };
}

/** Drops undefined values so details stay small and JSON-stable. */
export function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
