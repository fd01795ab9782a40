/**
 * The common shape of every partner-format mapping: how an EventBridge event from a carrier, bank or
 * ERP is recognised (source prefix + detail-type), validated (zod), correlated to contracts (keys) and
 * turned into facts (evidence, expected dates, L/C terms, contract drafts).
 *
 * Mappings are pure: no clock, no I/O. The caller passes `publisher` (the EventBridge `source`) and
 * `recordedAt` (its clock's reading) and decides what to do with the facts.
 */
import type { ZodType } from 'zod';
import type { Evidence } from '../../domain/evidence';
import type { CalendarDate } from '../../domain/calendar-date';
import type { DecimalString } from '../../domain/money';

/** A reference that ties a partner event to contracts. The caller looks contracts up by these. */
export interface CorrelationKey {
  readonly kind: 'PO' | 'BOOKING' | 'BL' | 'LC' | 'CONTRACT';
  readonly value: string;
}

/** What the caller knows about the event that the payload does not say. */
export interface MappingContext {
  /** The EventBridge `source`, e.g. `partner.carrier.maersk`; becomes the evidence publisher. */
  readonly publisher: string;
  /** When Tradeflow received the event (UTC ISO, from the injected clock). */
  readonly recordedAt: string;
}

/** Where in the contract an evidence location must lie for the evidence to count. */
export type PortRole = 'portOfLoading' | 'portOfDischarge' | 'placeOfDelivery';

/** Terms of an issued documentary credit (MT700), for the caller to check against the contract. */
export interface LcTerms {
  readonly lcNumber: string;
  readonly issueDate: CalendarDate;
  readonly amount: DecimalString;
  readonly currency: string;
  readonly expiryDate: CalendarDate;
  readonly expiryPlace: string;
  /** 44C; absent when the credit states a shipment period (44D) instead. */
  readonly latestShipmentDate?: CalendarDate;
  /** 44D, free text, when given instead of 44C. */
  readonly shipmentPeriod?: string;
  /** 48 days; 21 (UCP 600 art. 14(c)) when the credit states none or states no number. */
  readonly presentationDays: number;
  /** Whether field 48 stated a number of days (false: the 21-day default applies). */
  readonly presentationDaysStated: boolean;
  /** Narrative after the days in field 48 (`CTD`), or the whole legacy free text. */
  readonly presentationNarrative?: string;
  /** 39A, percent more / less. */
  readonly tolerancePercent?: { readonly plus: number; readonly minus: number };
  readonly partialShipments?: string;
  readonly transhipment?: string;
  /** 44E / 44F as written by the bank (free text, not UN/LOCODEs). */
  readonly portOfLoadingText?: string;
  readonly portOfDischargeText?: string;
  /** 49: CONFIRM, MAY ADD, WITHOUT. */
  readonly confirmationInstructions?: string;
  /** 45A, where banks write the Incoterm as free text. */
  readonly goodsDescription?: string;
}

/** What an MT707 changes; only the fields the amendment states are present. */
export interface LcAmendment {
  readonly lcNumber: string;
  readonly amendmentNumber?: number;
  readonly amendmentDate?: CalendarDate;
  readonly newExpiryDate?: CalendarDate;
  readonly newExpiryPlace?: string;
  readonly increase?: { readonly currency: string; readonly amount: DecimalString };
  readonly decrease?: { readonly currency: string; readonly amount: DecimalString };
  readonly newLatestShipmentDate?: CalendarDate;
  readonly newPresentationDays?: number;
  readonly narrative?: string;
}

/** A contract line as an ERP states it. Unit price is not in the ERP header/item export. */
export interface ContractDraftLine {
  readonly lineNo: number;
  readonly erpItem: string;
  readonly material: string;
  readonly description?: string;
  readonly quantity: DecimalString;
  /** UN/ECE Rec 20 code when it could be mapped, otherwise the ERP's own unit (listed in unknownCodes). */
  readonly unit: string;
  readonly netAmount: DecimalString;
}

/** Contract fields an ERP sales order states; the caller creates or updates the draft contract. */
export interface ContractDraftFields {
  readonly erpOrderNumber: string;
  readonly poNumber?: string;
  readonly currency: string;
  readonly totalAmount: DecimalString;
  /** Incoterms rule when it is an Incoterms 2020 rule; `version` only when the ERP stated one. */
  readonly incoterms?: { readonly rule: string; readonly namedPlace?: string; readonly version?: string };
  readonly orderDate?: CalendarDate;
  readonly requestedDeliveryDate?: CalendarDate;
  readonly soldToParty?: string;
  /** `undefined` when the ERP did not expand the items (`$expand=to_Item`). */
  readonly lines?: readonly ContractDraftLine[];
  /** Things the clerk must look at: empty Incoterms version, items not expanded, withdrawn terms. */
  readonly warnings: readonly string[];
}

/** Evidence as a mapping produces it: the caller assigns the id (and may override recordedAt). */
export type MappedEvidence = Omit<Evidence, 'evidenceId' | 'recordedAt'> & { recordedAt?: string };

/** A planned or estimated date the caller stores as the contract's expected date. */
export interface ExpectedDate {
  readonly kind: 'ETD' | 'ETA' | 'DELIVERY';
  /** Instant with offset, or a calendar date. */
  readonly at: string;
  readonly classifier: 'EST' | 'PLN';
  /** UN/LOCODE the estimate is for: the caller keeps it only when it is the contract's port. */
  readonly location?: string;
}

/**
 * One fact out of a partner event. Every accepted event yields at least one fact (with its identity),
 * so the caller can deduplicate and keep an audit trail even when nothing moves the contract.
 */
export interface MappedFact {
  /** Dedupe key: publisher + eventId; `updatedAt` orders corrections of the same event (later wins). */
  readonly identity: { readonly publisher: string; readonly eventId: string; readonly updatedAt?: string };
  /** Event id this fact withdraws (with all its versions). */
  readonly retracts?: string;
  readonly evidence?: MappedEvidence;
  readonly expected?: ExpectedDate;
  /** Codes the mapping did not know, as `field=CODE`; tolerated, recorded for review. */
  readonly unknownCodes?: readonly string[];
  readonly lcTerms?: LcTerms;
  readonly lcAmendment?: LcAmendment;
  readonly contractDraft?: ContractDraftFields;
}

/** A field-level rule for the generated mapping document. */
export interface FieldRule {
  readonly from: string;
  readonly to: string;
  readonly rule: string;
}

/**
 * A partner format. Methods are written as methods so that a `PartnerMapping<X>` is usable wherever a
 * `PartnerMapping<unknown>` is expected (the registry holds mappings of different detail types).
 */
export interface PartnerMapping<T> {
  /** Stable id, also the evidence `source.format`, e.g. `dcsa-tnt-2.2`. */
  readonly id: string;
  /** One line for the mapping document. */
  readonly title: string;
  /** Matches an EventBridge `source` equal to the prefix or starting with `prefix.`. */
  readonly source: { readonly prefix: string };
  readonly detailTypes: readonly string[];
  readonly schema: ZodType<T>;
  correlationKeys(detail: T): CorrelationKey[];
  toFacts(detail: T, ctx: MappingContext): MappedFact[];
  /** Checks that need the context (plausible dates against `recordedAt`); reported as SCHEMA issues. */
  checks?(detail: T, ctx: MappingContext): SchemaIssue[];
  readonly fieldRules: ReadonlyArray<FieldRule>;
  /** Decisions a reader of the mapping document must know (assumptions, defaults, what is ignored). */
  readonly notes?: readonly string[];
}

/** A field that broke a rule: dotted path with `[i]` indexes, and a message a clerk can act on. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Writes a zod / JSON path the way our issues name fields; the whole event is `(event)`.
 *
 * @example issuePath(['events', 0, 'eventID']) // 'events[0].eventID'
 */
export function issuePath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path === '' ? '(event)' : path;
}

/** Removes duplicate keys while keeping the first-seen order. */
export function uniqueKeys(keys: readonly CorrelationKey[]): CorrelationKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.kind}:${k.value}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Quotes a partner value for a message, shortened. */
export function quoted(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
}
