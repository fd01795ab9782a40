/**
 * DCSA Track & Trace 2.2: one flat event object per EventBridge event (a subscription callback's array
 * is split by the publisher; EventBridge `detail` must be an object).
 *
 * Sources: dcsaorg/DCSA-OpenAPI `domain/event/event_domain_v2.0.0.yaml`, `tnt/v2/TNT_v2.2.0.yaml`;
 * layout of dcsaorg/Conformance-Gateway `messages/tnt-220-response.json`.
 */
import * as z from 'zod';
import type { CorrelationKey, MappedFact, MappingContext, PartnerMapping, SchemaIssue } from './partner-mapping';
import { uniqueKeys } from './partner-mapping';
import { partnerCode, partnerInstant, partnerText, partnerUnLocode } from './partner-fields';
import {
  combinationIssues,
  dcsaFact,
  definedOnly,
  futureActual,
  implausibleCreation,
  unknownDcsaCodes,
  type DcsaEventFacts,
} from './dcsa-rules';

const Vessel = z.looseObject({
  vesselIMONumber: z.string().optional(),
  vesselName: z.string().optional(),
  vesselFlag: z.string().optional(),
  vesselCallSignNumber: z.string().optional(),
});

const Location = z.looseObject({ locationName: z.string().optional(), UNLocationCode: partnerUnLocode.optional() });

const TransportCall = z
  .looseObject({
    transportCallID: z.string().optional(),
    carrierServiceCode: z.string().optional(),
    exportVoyageNumber: z.string().optional(),
    importVoyageNumber: z.string().optional(),
    transportCallSequenceNumber: z.number().int().optional(),
    UNLocationCode: partnerUnLocode.optional(),
    facilityTypeCode: z.string().optional(),
    modeOfTransport: z.string().optional(),
    location: Location.optional(),
    vessel: Vessel.optional(),
  })
  .superRefine((call, ctx) => {
    const outer = call.UNLocationCode;
    const inner = call.location?.UNLocationCode;
    if (outer !== undefined && inner !== undefined && outer !== inner) {
      ctx.addIssue({
        code: 'custom',
        path: ['location', 'UNLocationCode'],
        message: `differs from transportCall.UNLocationCode ('${inner}' vs '${outer}'); the carrier must state one place`,
      });
    }
  });

const DocumentReference = z.looseObject({ documentReferenceType: partnerCode, documentReferenceValue: partnerText(100) });
const Reference = z.looseObject({ referenceType: partnerCode, referenceValue: partnerText(100) });

/** A DCSA T&T 2.2 event (shipment, transport or equipment), fields as in the 2.2 schema. */
export const DcsaTnt22Event = z
  .looseObject({
    eventID: partnerText(100),
    eventCreatedDateTime: partnerInstant,
    eventType: partnerCode,
    eventClassifierCode: partnerCode,
    eventDateTime: partnerInstant,
    shipmentEventTypeCode: partnerCode.optional(),
    documentID: partnerText(100).optional(),
    documentTypeCode: partnerCode.optional(),
    reason: z.string().optional(),
    transportEventTypeCode: partnerCode.optional(),
    delayReasonCode: z.string().optional(),
    changeRemark: z.string().optional(),
    transportCall: TransportCall.optional(),
    equipmentEventTypeCode: partnerCode.optional(),
    equipmentReference: z.string().optional(),
    ISOEquipmentCode: z.string().optional(),
    emptyIndicatorCode: partnerCode.optional(),
    eventLocation: Location.optional(),
    documentReferences: z.array(DocumentReference).optional(),
    references: z.array(Reference).optional(),
  })
  .superRefine((event, ctx) => {
    const required: Record<string, readonly (keyof typeof event)[]> = {
      SHIPMENT: ['shipmentEventTypeCode', 'documentID', 'documentTypeCode'],
      TRANSPORT: ['transportEventTypeCode', 'transportCall'],
      EQUIPMENT: ['equipmentEventTypeCode', 'emptyIndicatorCode'],
    };
    for (const field of required[event.eventType] ?? []) {
      if (event[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${event.eventType} events` });
      }
    }
    for (const issue of combinationIssues(factsOf(event), {
      classifier: 'eventClassifierCode',
      typeCode: typeCodeField(event.eventType) ?? 'eventType',
      documentTypeCode: 'documentTypeCode',
    })) {
      ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
    }
  });
export type DcsaTnt22Event = z.infer<typeof DcsaTnt22Event>;

function typeCodeField(eventType: string): 'shipmentEventTypeCode' | 'transportEventTypeCode' | 'equipmentEventTypeCode' | undefined {
  if (eventType === 'SHIPMENT') return 'shipmentEventTypeCode';
  if (eventType === 'TRANSPORT') return 'transportEventTypeCode';
  if (eventType === 'EQUIPMENT') return 'equipmentEventTypeCode';
  return undefined;
}

function factsOf(event: DcsaTnt22Event): DcsaEventFacts {
  const field = typeCodeField(event.eventType);
  const call = event.transportCall;
  const location =
    event.eventType === 'TRANSPORT'
      ? (call?.UNLocationCode ?? call?.location?.UNLocationCode)
      : (event.eventLocation?.UNLocationCode ?? call?.UNLocationCode ?? call?.location?.UNLocationCode);
  return {
    eventType: event.eventType,
    classifier: event.eventClassifierCode,
    typeCode: field === undefined ? undefined : event[field],
    documentTypeCode: event.documentTypeCode,
    emptyIndicatorCode: event.emptyIndicatorCode,
    location,
    eventDateTime: event.eventDateTime,
    details: definedOnly({
      eventType: event.eventType,
      eventTypeCode: field === undefined ? undefined : event[field],
      documentTypeCode: event.documentTypeCode,
      documentID: event.documentID,
      equipmentReference: event.equipmentReference,
      vesselName: call?.vessel?.vesselName,
      vesselIMONumber: call?.vessel?.vesselIMONumber,
      voyage: call?.exportVoyageNumber ?? call?.importVoyageNumber,
      delayReasonCode: event.delayReasonCode,
      changeRemark: event.changeRemark,
      reason: event.reason,
    }),
  };
}

const DOCUMENT_KEY: Readonly<Record<string, CorrelationKey['kind']>> = { BKG: 'BOOKING', TRD: 'BL' };
const REFERENCE_KEY: Readonly<Record<string, CorrelationKey['kind']>> = { PO: 'PO' };

/** Correlation keys of a 2.2 event: BKG/TRD document references and the shipment's own document, PO references. */
function correlationKeys(event: DcsaTnt22Event): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  const documentKind = event.documentTypeCode === undefined ? undefined : DOCUMENT_KEY[event.documentTypeCode];
  if (event.eventType === 'SHIPMENT' && documentKind && event.documentID) keys.push({ kind: documentKind, value: event.documentID });
  for (const ref of event.documentReferences ?? []) {
    const kind = DOCUMENT_KEY[ref.documentReferenceType];
    if (kind) keys.push({ kind, value: ref.documentReferenceValue });
  }
  for (const ref of event.references ?? []) {
    const kind = REFERENCE_KEY[ref.referenceType];
    if (kind) keys.push({ kind, value: ref.referenceValue });
  }
  return uniqueKeys(keys);
}

function toFacts(event: DcsaTnt22Event, ctx: MappingContext): MappedFact[] {
  const facts = factsOf(event);
  const unknown = unknownDcsaCodes('v2', {
    eventType: event.eventType,
    eventClassifierCode: event.eventClassifierCode,
    shipmentEventTypeCode: event.shipmentEventTypeCode,
    documentTypeCode: event.documentTypeCode,
    transportEventTypeCode: event.transportEventTypeCode,
    equipmentEventTypeCode: event.equipmentEventTypeCode,
    emptyIndicatorCode: event.emptyIndicatorCode,
  });
  return [dcsaFact({ identity: { publisher: ctx.publisher, eventId: event.eventID } }, facts, dcsaTnt22Mapping.id, ctx, unknown)];
}

function checks(event: DcsaTnt22Event, ctx: MappingContext): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const created = implausibleCreation(event.eventCreatedDateTime, ctx);
  if (created) issues.push({ path: 'eventCreatedDateTime', message: created });
  const future = event.eventClassifierCode === 'ACT' ? futureActual(event.eventDateTime, ctx) : undefined;
  if (future) issues.push({ path: 'eventDateTime', message: future });
  return issues;
}

/**
 * DCSA Track & Trace 2.2 flat events from ocean carriers.
 *
 * @example
 * const r = mapPartnerEvent('partner.carrier.exo', 'DCSA.TrackAndTrace.v2.2', event, ctx);
 * // r.ok && r.facts[0].evidence?.kind === 'shipped'
 */
export const dcsaTnt22Mapping: PartnerMapping<DcsaTnt22Event> = {
  id: 'dcsa-tnt-2.2',
  title: 'DCSA Track & Trace 2.2 (flat event, one per EventBridge event)',
  source: { prefix: 'partner.carrier' },
  detailTypes: ['DCSA.TrackAndTrace.v2.2', 'DCSA.TrackAndTrace.v2.2.0'],
  schema: DcsaTnt22Event,
  correlationKeys,
  toFacts,
  checks,
  fieldRules: [
    { from: 'eventID', to: 'identity.eventId, evidence.source.eventId', rule: 'dedupe key with the EventBridge source' },
    { from: 'eventDateTime', to: 'evidence.occurredAt / expected.at', rule: 'offset kept as sent; no offset → UTC assumed, details.assumedUtc' },
    { from: 'eventClassifierCode', to: 'evidence (ACT) / expected (PLN, EST)', rule: 'ACT is evidence; PLN/EST become ETD/ETA/DELIVERY expected dates' },
    { from: 'eventType + *EventTypeCode + documentTypeCode', to: 'evidence.kind', rule: 'DCSA evidence table below' },
    { from: 'transportCall.UNLocationCode (TRANSPORT); eventLocation.UNLocationCode, else transportCall (EQUIPMENT)', to: 'evidence.location', rule: 'UN/LOCODE; caller checks it with locationMatches()' },
    { from: 'documentID where documentTypeCode BKG / TRD', to: 'correlation BOOKING / BL', rule: 'SHIPMENT events' },
    { from: 'documentReferences[] BKG / TRD', to: 'correlation BOOKING / BL', rule: 'other types ignored' },
    { from: "references[] referenceType 'PO'", to: 'correlation PO', rule: 'FF, SI, CR, EQ … ignored' },
    { from: 'transportCall.vessel, voyage, equipmentReference, delayReasonCode, changeRemark, reason', to: 'evidence.details', rule: 'for the timeline' },
  ],
  notes: [
    'Codes outside the 2.2 lists (e.g. HOLD from the DCSA information model) are accepted and listed in unknownCodes; such events prove nothing.',
    'Required per eventType: SHIPMENT shipmentEventTypeCode, documentID, documentTypeCode; TRANSPORT transportEventTypeCode, transportCall; EQUIPMENT equipmentEventTypeCode, emptyIndicatorCode.',
  ],
};
