/**
 * DCSA Track & Trace 3.0 in its two published shapes:
 *
 * - **3.0.0-Beta-1** (dcsaorg/DCSA-OpenAPI `tnt/v3/tnt.yaml`): one `{metadata, payload}` object per
 *   EventBridge event; a retraction is `metadata.retractedEventID` with no payload.
 * - **3.0.0** (dcsaorg/Conformance-Gateway `TNT_v3.0.0.yaml`, `messages/tnt-300-request-*.json`): the
 *   producer's `POST /events` body `{events: [...]}` as the EventBridge detail; each event has
 *   `eventClassification`, `eventUpdatedDateTime` and may be `isRetracted`. A batch yields one fact per
 *   event. An event overrides earlier-updated versions with the same identity: the fact's
 *   `identity.updatedAt` carries `eventUpdatedDateTime` so the caller keeps the latest.
 *
 * The 3.0.0 schema has no enums: every code is checked here against the lists in dcsa-rules.ts, and
 * unknown codes are tolerated and recorded.
 */
import * as z from 'zod';
import type { CorrelationKey, MappedFact, MappingContext, PartnerMapping, SchemaIssue } from './partner-mapping';
import { uniqueKeys } from './partner-mapping';
import { partnerCode, partnerInstant, partnerText, partnerUnLocode } from './partner-fields';
import { readPartnerInstant } from './partner-time';
import {
  combinationIssues,
  dcsaFact,
  definedOnly,
  futureActual,
  implausibleCreation,
  unknownDcsaCodes,
  type DcsaEventFacts,
} from './dcsa-rules';

const Location = z.looseObject({ locationName: z.string().optional(), UNLocationCode: partnerUnLocode.optional() });

const Vessel = z.looseObject({
  vesselIMONumber: z.string().optional(),
  vesselName: z.string().optional(),
  name: z.string().optional(),
});

const TransportCall = z
  .looseObject({
    transportCallReference: z.string().optional(),
    transportCallID: z.string().optional(),
    UNLocationCode: partnerUnLocode.optional(),
    location: Location.optional(),
    carrierExportVoyageNumber: z.string().optional(),
    exportVoyageNumber: z.string().optional(),
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

type TransportCall = z.infer<typeof TransportCall>;

function callLocation(call: TransportCall | undefined): string | undefined {
  return call?.UNLocationCode ?? call?.location?.UNLocationCode;
}

function callDetails(call: TransportCall | undefined): Record<string, unknown> {
  return {
    vesselName: call?.vessel?.vesselName ?? call?.vessel?.name,
    vesselIMONumber: call?.vessel?.vesselIMONumber,
    voyage: call?.carrierExportVoyageNumber ?? call?.exportVoyageNumber,
  };
}

const DOCUMENT_KEY: Readonly<Record<string, CorrelationKey['kind']>> = { BKG: 'BOOKING', TRD: 'BL' };

function typeCodeOf(eventType: string, codes: { shipment?: string; transport?: string; equipment?: string }): string | undefined {
  if (eventType === 'SHIPMENT') return codes.shipment;
  if (eventType === 'TRANSPORT') return codes.transport;
  if (eventType === 'EQUIPMENT') return codes.equipment;
  return undefined;
}

function typeCodePath(eventType: string): string {
  if (eventType === 'SHIPMENT') return 'shipmentEventTypeCode';
  if (eventType === 'TRANSPORT') return 'transportEventTypeCode';
  if (eventType === 'EQUIPMENT') return 'equipmentEventTypeCode';
  return 'eventType';
}

// ---------------------------------------------------------------------------------------------------
// 3.0.0-Beta-1: {metadata, payload}.

const Beta1Payload = z.looseObject({
  eventClassifierCode: partnerCode,
  eventDateTime: partnerInstant,
  shipmentEventTypeCode: partnerCode.optional(),
  documentTypeCode: partnerCode.optional(),
  documentReference: partnerText(100).optional(),
  documentID: partnerText(100).optional(),
  transportEventTypeCode: partnerCode.optional(),
  equipmentEventTypeCode: partnerCode.optional(),
  emptyIndicatorCode: partnerCode.optional(),
  equipmentReference: z.string().optional(),
  transportCall: TransportCall.optional(),
  eventLocation: Location.optional(),
  relatedDocumentReferences: z.array(z.looseObject({ type: partnerCode, value: partnerText(100) })).optional(),
  references: z.array(z.looseObject({ type: partnerCode, value: partnerText(100) })).optional(),
  reason: z.string().optional(),
  delayReasonCode: z.string().optional(),
  changeRemark: z.string().optional(),
});

/** A DCSA T&T 3.0.0-Beta-1 event wrapper: an event with payload, or a retraction without. */
export const DcsaTnt3Beta1Event = z
  .looseObject({
    metadata: z.looseObject({
      eventID: partnerText(100),
      eventCreatedDateTime: partnerInstant,
      eventType: partnerCode,
      retractedEventID: partnerText(100).optional(),
      publisher: z.looseObject({ partyName: z.string().optional(), carrierCode: z.string().optional() }).optional(),
      publisherRole: z.string().optional(),
    }),
    payload: Beta1Payload.optional(),
  })
  .superRefine((event, ctx) => {
    const { metadata, payload } = event;
    if (metadata.retractedEventID !== undefined) {
      if (payload !== undefined) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'must be absent in a retraction (metadata.retractedEventID)' });
      return;
    }
    if (payload === undefined) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is required unless metadata.retractedEventID withdraws an earlier event' });
      return;
    }
    const required: Record<string, readonly (keyof typeof payload)[]> = {
      SHIPMENT: ['shipmentEventTypeCode', 'documentTypeCode'],
      TRANSPORT: ['transportEventTypeCode', 'transportCall'],
      EQUIPMENT: ['equipmentEventTypeCode'],
    };
    for (const field of required[metadata.eventType] ?? []) {
      if (payload[field] === undefined) ctx.addIssue({ code: 'custom', path: ['payload', field], message: `is required for ${metadata.eventType} events` });
    }
    for (const issue of combinationIssues(beta1Facts(event), {
      classifier: 'eventClassifierCode',
      typeCode: typeCodePath(metadata.eventType),
      documentTypeCode: 'documentTypeCode',
    })) {
      ctx.addIssue({ code: 'custom', path: ['payload', issue.path], message: issue.message });
    }
  });
export type DcsaTnt3Beta1Event = z.infer<typeof DcsaTnt3Beta1Event>;

function beta1Facts(event: DcsaTnt3Beta1Event): DcsaEventFacts {
  const p = event.payload;
  const eventType = event.metadata.eventType;
  const typeCode = typeCodeOf(eventType, { shipment: p?.shipmentEventTypeCode, transport: p?.transportEventTypeCode, equipment: p?.equipmentEventTypeCode });
  const location = eventType === 'TRANSPORT' ? callLocation(p?.transportCall) : (p?.eventLocation?.UNLocationCode ?? callLocation(p?.transportCall));
  return {
    eventType,
    classifier: p?.eventClassifierCode ?? '',
    typeCode,
    documentTypeCode: p?.documentTypeCode,
    emptyIndicatorCode: p?.emptyIndicatorCode,
    location,
    eventDateTime: p?.eventDateTime ?? '',
    details: definedOnly({
      eventType,
      eventTypeCode: typeCode,
      documentTypeCode: p?.documentTypeCode,
      documentReference: p?.documentReference ?? p?.documentID,
      equipmentReference: p?.equipmentReference,
      publisherRole: event.metadata.publisherRole,
      delayReasonCode: p?.delayReasonCode,
      changeRemark: p?.changeRemark,
      reason: p?.reason,
      ...callDetails(p?.transportCall),
    }),
  };
}

function beta1Keys(event: DcsaTnt3Beta1Event): CorrelationKey[] {
  const p = event.payload;
  if (p === undefined) return [];
  const keys: CorrelationKey[] = [];
  const docKind = p.documentTypeCode === undefined ? undefined : DOCUMENT_KEY[p.documentTypeCode];
  const docRef = p.documentReference ?? p.documentID;
  if (docKind && docRef) keys.push({ kind: docKind, value: docRef });
  for (const ref of p.relatedDocumentReferences ?? []) {
    const kind = DOCUMENT_KEY[ref.type];
    if (kind) keys.push({ kind, value: ref.value });
  }
  for (const ref of p.references ?? []) if (ref.type === 'PO') keys.push({ kind: 'PO', value: ref.value });
  return uniqueKeys(keys);
}

function beta1ToFacts(event: DcsaTnt3Beta1Event, ctx: MappingContext): MappedFact[] {
  const identity = { publisher: ctx.publisher, eventId: event.metadata.eventID };
  if (event.metadata.retractedEventID !== undefined) return [{ identity, retracts: event.metadata.retractedEventID }];
  const p = event.payload;
  const unknown = unknownDcsaCodes('v3', {
    eventType: event.metadata.eventType,
    eventClassifierCode: p?.eventClassifierCode,
    shipmentEventTypeCode: p?.shipmentEventTypeCode,
    documentTypeCode: p?.documentTypeCode,
    transportEventTypeCode: p?.transportEventTypeCode,
    equipmentEventTypeCode: p?.equipmentEventTypeCode,
    emptyIndicatorCode: p?.emptyIndicatorCode,
  });
  return [dcsaFact({ identity }, beta1Facts(event), dcsaTnt3Beta1Mapping.id, ctx, unknown)];
}

function beta1Checks(event: DcsaTnt3Beta1Event, ctx: MappingContext): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const created = implausibleCreation(event.metadata.eventCreatedDateTime, ctx);
  if (created) issues.push({ path: 'metadata.eventCreatedDateTime', message: created });
  const p = event.payload;
  const future = p?.eventClassifierCode === 'ACT' ? futureActual(p.eventDateTime, ctx) : undefined;
  if (future) issues.push({ path: 'payload.eventDateTime', message: future });
  return issues;
}

/**
 * DCSA Track & Trace 3.0.0-Beta-1 `{metadata, payload}` events, including retractions.
 *
 * @example
 * mapPartnerEvent('partner.carrier.exo', 'DCSA.TrackAndTrace.v3.0.0-Beta-1', { metadata: { …, retractedEventID: 'x' } }, ctx)
 * // facts: [{ identity: {…}, retracts: 'x' }]
 */
export const dcsaTnt3Beta1Mapping: PartnerMapping<DcsaTnt3Beta1Event> = {
  id: 'dcsa-tnt-3.0.0-beta1',
  title: 'DCSA Track & Trace 3.0.0-Beta-1 ({metadata, payload}, one per EventBridge event)',
  source: { prefix: 'partner.carrier' },
  detailTypes: ['DCSA.TrackAndTrace.v3.0.0-Beta-1'],
  schema: DcsaTnt3Beta1Event,
  correlationKeys: beta1Keys,
  toFacts: beta1ToFacts,
  checks: beta1Checks,
  fieldRules: [
    { from: 'metadata.eventID', to: 'identity.eventId', rule: 'dedupe key with the EventBridge source' },
    { from: 'metadata.retractedEventID (no payload)', to: 'fact.retracts', rule: 'the caller withdraws the named event and its evidence' },
    { from: 'metadata.eventType + payload.*EventTypeCode + payload.documentTypeCode', to: 'evidence.kind', rule: 'DCSA evidence table below' },
    { from: 'payload.eventClassifierCode', to: 'evidence (ACT) / expected (PLN, EST)', rule: 'as 2.2' },
    { from: 'payload.eventDateTime', to: 'evidence.occurredAt / expected.at', rule: 'offset kept; none → UTC assumed, details.assumedUtc' },
    { from: 'payload.transportCall.location.UNLocationCode (TRANSPORT); payload.eventLocation, else transportCall (EQUIPMENT)', to: 'evidence.location', rule: 'UN/LOCODE; caller checks it with locationMatches()' },
    { from: 'payload.documentReference with documentTypeCode BKG / TRD', to: 'correlation BOOKING / BL', rule: 'SHIPMENT events' },
    { from: 'payload.relatedDocumentReferences[] {type BKG / TRD, value}', to: 'correlation BOOKING / BL', rule: 'other types ignored' },
    { from: "payload.references[] {type 'PO', value}", to: 'correlation PO', rule: 'other types ignored' },
  ],
  notes: ['Field names differ from 2.2 (relatedDocumentReferences[{type,value}], vessel.name); the two versions have separate schemas.'],
};

// ---------------------------------------------------------------------------------------------------
// 3.0.0: POST /events {events: [...]}.

const DocumentReference3 = z.looseObject({ typeCode: partnerCode, reference: partnerText(100) });

const OriginatingParty = z.looseObject({
  partyCode: partnerText(100),
  codeListProvider: partnerText(35),
  codeListName: z.string().optional(),
  partyFunction: z.string().optional(),
});

const Event300 = z
  .looseObject({
    eventID: partnerText(500),
    eventUpdatedDateTime: partnerInstant,
    isRetracted: z.boolean().optional(),
    eventDateTime: partnerInstant.optional(),
    eventRouting: z.looseObject({ originatingParty: OriginatingParty.optional() }).optional(),
    eventClassification: z
      .looseObject({
        eventTypeCode: partnerCode,
        eventClassifierCode: partnerCode,
        shipmentEventTypeCode: partnerCode.optional(),
        documentTypeCode: partnerCode.optional(),
        transportEventTypeCode: partnerCode.optional(),
        equipmentEventTypeCode: partnerCode.optional(),
        reeferEventTypeCode: partnerCode.optional(),
        iotEventTypeCode: partnerCode.optional(),
      })
      .optional(),
    eventLocation: Location.optional(),
    shipmentDetails: z
      .looseObject({
        documentReference: DocumentReference3.optional(),
        additionalDocumentReferences: z.array(DocumentReference3).optional(),
        carrierBookingReference: partnerText(35).optional(),
        transportDocumentReference: partnerText(35).optional(),
        references: z.array(z.looseObject({ type: partnerCode, value: partnerText(100) })).optional(),
      })
      .optional(),
    equipmentDetails: z
      .looseObject({
        equipmentReference: z.string().optional(),
        ISOEquipmentCode: z.string().optional(),
        emptyIndicatorCode: partnerCode.optional(),
        movementType: z.string().optional(),
      })
      .optional(),
    transportDetails: z.looseObject({ transportCall: TransportCall.optional() }).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.isRetracted === true) return;
    if (event.eventDateTime === undefined) ctx.addIssue({ code: 'custom', path: ['eventDateTime'], message: 'is required unless isRetracted is true' });
    const c = event.eventClassification;
    if (c === undefined) {
      ctx.addIssue({ code: 'custom', path: ['eventClassification'], message: 'is required unless isRetracted is true' });
      return;
    }
    const requiredCode = typeCodePath(c.eventTypeCode);
    if (requiredCode !== 'eventType' && c[requiredCode as keyof typeof c] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['eventClassification', requiredCode], message: `is required for ${c.eventTypeCode} events` });
    }
    for (const issue of combinationIssues(facts300(event), {
      classifier: 'eventClassifierCode',
      typeCode: requiredCode,
      documentTypeCode: 'documentTypeCode',
    })) {
      ctx.addIssue({ code: 'custom', path: ['eventClassification', issue.path], message: issue.message });
    }
  });
type Event300 = z.infer<typeof Event300>;

/** The body of a DCSA T&T 3.0.0 `POST /events` call. */
export const DcsaTnt300Events = z.looseObject({ events: z.array(Event300).min(1, { error: 'must contain at least one event' }) });
export type DcsaTnt300Events = z.infer<typeof DcsaTnt300Events>;

function facts300(event: Event300): DcsaEventFacts {
  const c = event.eventClassification;
  const eventType = c?.eventTypeCode ?? '';
  const shipment = event.shipmentDetails;
  const documentTypeCode = c?.documentTypeCode ?? (eventType === 'SHIPMENT' ? shipment?.documentReference?.typeCode : undefined);
  const typeCode = typeCodeOf(eventType, { shipment: c?.shipmentEventTypeCode, transport: c?.transportEventTypeCode, equipment: c?.equipmentEventTypeCode });
  const call = event.transportDetails?.transportCall;
  return {
    eventType,
    classifier: c?.eventClassifierCode ?? '',
    typeCode,
    documentTypeCode,
    emptyIndicatorCode: event.equipmentDetails?.emptyIndicatorCode,
    location: event.eventLocation?.UNLocationCode ?? callLocation(call),
    eventDateTime: event.eventDateTime ?? '',
    details: definedOnly({
      eventType,
      eventTypeCode: typeCode,
      documentTypeCode,
      equipmentReference: event.equipmentDetails?.equipmentReference,
      movementType: event.equipmentDetails?.movementType,
      originatingParty: originatingPartyOf(event),
      ...callDetails(call),
    }),
  };
}

function originatingPartyOf(event: Event300): string | undefined {
  const party = event.eventRouting?.originatingParty;
  return party === undefined ? undefined : [party.codeListProvider, party.codeListName, party.partyCode].filter((p) => p !== undefined).join('/');
}

/**
 * DCSA 3.0.0 identity is originating party + eventID. When the routing names the party, the event id
 * we store is `{provider}/{list}/{party}/{eventID}` so that two carriers relayed through one platform
 * cannot collide; a retraction carries the same routing and therefore the same id.
 */
function eventId300(event: Event300): string {
  const party = originatingPartyOf(event);
  return party === undefined ? event.eventID : `${party}/${event.eventID}`;
}

function keys300(body: DcsaTnt300Events): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  for (const event of body.events) {
    const s = event.shipmentDetails;
    if (s === undefined) continue;
    for (const ref of [...(s.documentReference ? [s.documentReference] : []), ...(s.additionalDocumentReferences ?? [])]) {
      const kind = DOCUMENT_KEY[ref.typeCode];
      if (kind) keys.push({ kind, value: ref.reference });
    }
    if (s.carrierBookingReference) keys.push({ kind: 'BOOKING', value: s.carrierBookingReference });
    if (s.transportDocumentReference) keys.push({ kind: 'BL', value: s.transportDocumentReference });
    for (const ref of s.references ?? []) if (ref.type === 'PO') keys.push({ kind: 'PO', value: ref.value });
  }
  return uniqueKeys(keys);
}

function toFacts300(body: DcsaTnt300Events, ctx: MappingContext): MappedFact[] {
  return body.events.map((event): MappedFact => {
    const eventId = eventId300(event);
    const updatedAt = readPartnerInstant(event.eventUpdatedDateTime)?.at ?? event.eventUpdatedDateTime;
    const identity = { publisher: ctx.publisher, eventId, updatedAt };
    if (event.isRetracted === true) return { identity, retracts: eventId };
    const c = event.eventClassification;
    const unknown = unknownDcsaCodes('v3', {
      eventType: c?.eventTypeCode,
      eventClassifierCode: c?.eventClassifierCode,
      shipmentEventTypeCode: c?.shipmentEventTypeCode,
      documentTypeCode: c?.documentTypeCode ?? event.shipmentDetails?.documentReference?.typeCode,
      transportEventTypeCode: c?.transportEventTypeCode,
      equipmentEventTypeCode: c?.equipmentEventTypeCode,
      emptyIndicatorCode: event.equipmentDetails?.emptyIndicatorCode,
    });
    const fact = dcsaFact({ identity }, facts300(event), dcsaTnt300Mapping.id, ctx, unknown);
    if (fact.evidence === undefined) return fact;
    return { ...fact, evidence: { ...fact.evidence, details: { ...fact.evidence.details, eventUpdatedDateTime: updatedAt } } };
  });
}

function checks300(body: DcsaTnt300Events, ctx: MappingContext): SchemaIssue[] {
  return body.events.flatMap((event, i): SchemaIssue[] => {
    const issues: SchemaIssue[] = [];
    const updated = implausibleCreation(event.eventUpdatedDateTime, ctx);
    if (updated) issues.push({ path: `events[${i}].eventUpdatedDateTime`, message: updated });
    const future =
      event.eventClassification?.eventClassifierCode === 'ACT' && event.eventDateTime !== undefined ? futureActual(event.eventDateTime, ctx) : undefined;
    if (future) issues.push({ path: `events[${i}].eventDateTime`, message: future });
    return issues;
  });
}

/**
 * DCSA Track & Trace 3.0.0 push batches (`POST /events` body), with corrections and retractions.
 *
 * @example
 * const r = mapPartnerEvent('partner.carrier.exo', 'DCSA.TrackAndTrace.v3.0.0', { events: [disc, cusr, retraction] }, ctx);
 * // r.ok && r.facts.length === 3
 */
export const dcsaTnt300Mapping: PartnerMapping<DcsaTnt300Events> = {
  id: 'dcsa-tnt-3.0.0',
  title: 'DCSA Track & Trace 3.0.0 (POST /events body {events:[…]}, one fact per event)',
  source: { prefix: 'partner.carrier' },
  detailTypes: ['DCSA.TrackAndTrace.v3.0.0', 'DCSA.TrackAndTrace.v3'],
  schema: DcsaTnt300Events,
  correlationKeys: keys300,
  toFacts: toFacts300,
  checks: checks300,
  fieldRules: [
    { from: 'eventRouting.originatingParty + eventID', to: 'identity.eventId', rule: "'{codeListProvider}/{codeListName}/{partyCode}/{eventID}'; eventID alone without routing" },
    { from: 'eventUpdatedDateTime', to: 'identity.updatedAt', rule: 'same eventID with a later eventUpdatedDateTime replaces the earlier version' },
    { from: 'isRetracted: true', to: 'fact.retracts (= its own identity.eventId)', rule: 'discard this and all earlier versions of the event' },
    { from: 'eventClassification.{eventTypeCode, eventClassifierCode, *EventTypeCode, documentTypeCode}', to: 'evidence.kind / expected', rule: 'DCSA evidence table below; unknown codes → unknownCodes' },
    { from: 'eventDateTime', to: 'evidence.occurredAt / expected.at', rule: 'offset kept; none → UTC assumed, details.assumedUtc' },
    { from: 'eventLocation.UNLocationCode, else transportDetails.transportCall', to: 'evidence.location', rule: 'UN/LOCODE; caller checks it with locationMatches()' },
    { from: 'shipmentDetails.documentReference / additionalDocumentReferences[] {typeCode BKG / TRD}', to: 'correlation BOOKING / BL', rule: 'other types ignored' },
    { from: 'shipmentDetails.carrierBookingReference / transportDocumentReference', to: 'correlation BOOKING / BL', rule: 'when present' },
    { from: "shipmentDetails.references[] {type 'PO'}", to: 'correlation PO', rule: 'other types ignored' },
  ],
  notes: [
    'Codes such as CUSR/CUSI/CUSS, AVPU, IOT and REEFER events are known but prove no contract fact: they yield a fact with identity only.',
    'Facts are returned in batch order; two versions of one event in a batch are both returned and the caller keeps the later updatedAt.',
    'eventUpdatedDateTime earlier than eventDateTime (seen in DCSA fixtures) is tolerated.',
  ],
};
