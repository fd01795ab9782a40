/**
 * Builders for realistic partner events (DCSA Track & Trace 2.2, bank messages carrying SWIFT MT fields),
 * in the shapes of ../shared/reference/partner-formats. Used by the demo, the end-to-end tests and the
 * benchmark to play carriers and banks.
 */
import { randomUUID } from 'node:crypto';

export interface PartnerEvent {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
}

export const PARTNER_BUS = 'tradeflow-partner';
const CARRIER = 'partner.carrier.exco';
const BANK = 'partner.bank.ingbnl';

const vessel = { vesselIMONumber: '9811000', vesselName: 'Example Trader', vesselFlag: 'SG' };

const event = (source: string, detailType: string, detail: unknown): PartnerEvent => ({ Source: source, DetailType: detailType, Detail: JSON.stringify(detail), EventBusName: PARTNER_BUS });

export interface DcsaOptions {
  eventID?: string;
  classifier?: 'ACT' | 'EST' | 'PLN';
  at: string;
  bookingReference: string;
  billOfLading?: string;
  location: string;
}

function docs(o: DcsaOptions) {
  return [{ documentReferenceType: 'BKG', documentReferenceValue: o.bookingReference }, ...(o.billOfLading ? [{ documentReferenceType: 'TRD', documentReferenceValue: o.billOfLading }] : [])];
}

/** DCSA 2.2 SHIPMENT CONF on BKG: the carrier confirmed the booking. */
export function bookingConfirmed(o: Omit<DcsaOptions, 'location'> & { poNumber?: string }): PartnerEvent {
  return event(CARRIER, 'DCSA.TrackAndTrace.v2.2', {
    eventID: o.eventID ?? randomUUID(), eventCreatedDateTime: o.at, eventType: 'SHIPMENT', eventClassifierCode: o.classifier ?? 'ACT', eventDateTime: o.at,
    shipmentEventTypeCode: 'CONF', documentID: o.bookingReference, documentTypeCode: 'BKG',
    ...(o.poNumber ? { references: [{ referenceType: 'PO', referenceValue: o.poNumber }] } : {}),
  });
}

/** DCSA 2.2 TRANSPORT event (DEPA/ARRI) at a port call. */
export function transportEvent(code: 'DEPA' | 'ARRI', o: DcsaOptions): PartnerEvent {
  return event(CARRIER, 'DCSA.TrackAndTrace.v2.2', {
    eventID: o.eventID ?? randomUUID(), eventCreatedDateTime: o.at, eventType: 'TRANSPORT', eventClassifierCode: o.classifier ?? 'ACT', eventDateTime: o.at,
    transportEventTypeCode: code,
    transportCall: { transportCallID: randomUUID(), carrierServiceCode: 'AE7', exportVoyageNumber: '612W', transportCallSequenceNumber: 1, UNLocationCode: o.location, facilityTypeCode: 'POTE', modeOfTransport: 'VESSEL', vessel },
    documentReferences: docs(o),
  });
}

/** DCSA 2.2 EQUIPMENT event (LOAD/DISC/GTOT) for container APZU4812090. */
export function equipmentEvent(code: 'LOAD' | 'DISC' | 'GTOT', o: DcsaOptions): PartnerEvent {
  return event(CARRIER, 'DCSA.TrackAndTrace.v2.2', {
    eventID: o.eventID ?? randomUUID(), eventCreatedDateTime: o.at, eventType: 'EQUIPMENT', eventClassifierCode: o.classifier ?? 'ACT', eventDateTime: o.at,
    equipmentEventTypeCode: code, equipmentReference: 'APZU4812090', ISOEquipmentCode: '22GP', emptyIndicatorCode: 'LADEN',
    eventLocation: { locationName: 'Terminal', UNLocationCode: o.location },
    transportCall: { transportCallID: randomUUID(), carrierServiceCode: 'AE7', exportVoyageNumber: '612W', transportCallSequenceNumber: 1, UNLocationCode: o.location, facilityTypeCode: 'POTE', modeOfTransport: 'VESSEL', vessel },
    documentReferences: docs(o),
  });
}

const yymmdd = (date: string) => date.slice(2).replace(/-/g, '');
const swiftAmount = (value: string) => value.replace('.', ',');

/** Bank: MT700 issue of a documentary credit, as JSON fields. */
export function lcIssued(o: { messageId?: string; lcNumber: string; issueDate: string; expiryDate: string; expiryPlace: string; currency: string; amount: string; latestShipmentDate: string; presentationDays?: number; tolerance?: number; poNumber?: string }): PartnerEvent {
  return event(BANK, 'LetterOfCredit.Issued', {
    messageId: o.messageId ?? `MUR-${randomUUID()}`, messageType: 'MT700', sentAt: `${o.issueDate}T09:30:00+01:00`,
    ...(o.poNumber ? { references: [{ kind: 'PO', value: o.poNumber }] } : {}),
    fields: {
      '27': '1/1', '40A': 'IRREVOCABLE', '20': o.lcNumber, '31C': yymmdd(o.issueDate), '40E': 'UCP LATEST VERSION',
      '31D': `${yymmdd(o.expiryDate)}${o.expiryPlace.toUpperCase()}`, '50': 'APPLICANT', '59': 'BENEFICIARY',
      '32B': `${o.currency}${swiftAmount(o.amount)}`, ...(o.tolerance ? { '39A': `${String(o.tolerance).padStart(2, '0')}/${String(o.tolerance).padStart(2, '0')}` } : {}),
      '41D': 'ANY BANK\nBY NEGOTIATION', '42C': 'AT SIGHT', '43P': 'NOT ALLOWED', '43T': 'ALLOWED', '44C': yymmdd(o.latestShipmentDate),
      '45A': 'GOODS AS PER CONTRACT', '48': String(o.presentationDays ?? 21), '49': 'WITHOUT',
    },
  });
}

/** Bank: MT103 customer credit transfer (deposit or balance received). */
export function paymentReceived(o: { messageId?: string; date: string; currency: string; amount: string; poNumber: string; deposit?: boolean }): PartnerEvent {
  return event(BANK, o.deposit ? 'Deposit.Received' : 'Payment.Received', {
    messageId: o.messageId ?? `PAY-${randomUUID()}`, messageType: 'MT103', sentAt: `${o.date}T10:00:00+01:00`,
    fields: { '20': `FT${Date.parse(o.date)}`, '32A': `${yymmdd(o.date)}${o.currency}${swiftAmount(o.amount)}`, '50K': '/NL91ABNA0417164300\nBUYER', '70': `/INV/ PO ${o.poNumber}${o.deposit ? ' DEPOSIT' : ''}` },
  });
}

/** DCSA T&T 3.0.0 codes the builders below can play, with the event type each belongs to. */
const DCSA_300_TYPES = { CONF: 'SHIPMENT', LOAD: 'EQUIPMENT', DEPA: 'TRANSPORT', ARRI: 'TRANSPORT', DISC: 'EQUIPMENT', GTOT: 'EQUIPMENT' } as const;
export type Dcsa300Code = keyof typeof DCSA_300_TYPES;

const ORIGINATING_PARTY = { partyCode: 'EXO', codeListProvider: 'SMDG', codeListName: 'LCL', partyFunction: 'CA' };

/** One event of a DCSA T&T 3.0.0 `POST /events` body. `updatedAt` orders corrections of one `eventID`. */
export function dcsa300Event(code: Dcsa300Code, o: DcsaOptions & { eventID: string; updatedAt: string }): Record<string, unknown> {
  const eventTypeCode = DCSA_300_TYPES[code];
  const classification: Record<string, string> = { eventTypeCode, eventClassifierCode: o.classifier ?? 'ACT' };
  if (eventTypeCode === 'SHIPMENT') Object.assign(classification, { shipmentEventTypeCode: code, documentTypeCode: 'BKG' });
  if (eventTypeCode === 'TRANSPORT') classification.transportEventTypeCode = code;
  if (eventTypeCode === 'EQUIPMENT') classification.equipmentEventTypeCode = code;
  return {
    eventRouting: { originatingParty: ORIGINATING_PARTY },
    eventID: o.eventID,
    eventDateTime: o.at,
    eventUpdatedDateTime: o.updatedAt,
    eventClassification: classification,
    ...(eventTypeCode === 'SHIPMENT' ? {} : { eventLocation: { locationName: 'Terminal', UNLocationCode: o.location } }),
    shipmentDetails: { documentReference: { typeCode: 'BKG', reference: o.bookingReference }, ...(o.billOfLading ? { transportDocumentReference: o.billOfLading } : {}) },
    ...(eventTypeCode === 'EQUIPMENT' ? { equipmentDetails: { equipmentReference: 'APZU4812090', ISOEquipmentCode: '22GP', emptyIndicatorCode: 'LADEN' } } : {}),
    ...(eventTypeCode === 'TRANSPORT'
      ? { transportDetails: { transportCall: { transportCallReference: `TC-${o.eventID}`, UNLocationCode: o.location, carrierExportVoyageNumber: '612W', vessel: { vesselIMONumber: '9811000', name: 'Example Trader' } } } }
      : {}),
  };
}

/**
 * A DCSA T&T 3.0.0 retraction of `eventID` (all its versions up to `updatedAt`). Carriers may or may not
 * repeat the booking reference; without it Tradeflow finds the contracts by the event id.
 */
export function dcsa300Retraction(o: { eventID: string; updatedAt: string; bookingReference?: string }): Record<string, unknown> {
  return {
    eventRouting: { originatingParty: ORIGINATING_PARTY },
    eventID: o.eventID,
    eventUpdatedDateTime: o.updatedAt,
    isRetracted: true,
    ...(o.bookingReference ? { shipmentDetails: { documentReference: { typeCode: 'BKG', reference: o.bookingReference } } } : {}),
  };
}

/** A carrier's DCSA T&T 3.0.0 push (`{events: [...]}`) as one PutEvents entry. */
export function dcsa300Events(...events: Array<Record<string, unknown>>): PartnerEvent {
  return event(CARRIER, 'DCSA.TrackAndTrace.v3.0.0', { events });
}
