import beta1 from '../../fixtures/partners/dcsa-tnt-v3.0.0-beta1-envelope.json';
import post from '../../fixtures/partners/dcsa-tnt-v3.0.0-post-events.json';
import { mapPartnerEvent } from '../../../shared/events/partners/partner-registry';

const ctx = { publisher: 'partner.carrier.exo', recordedAt: '2026-03-16T12:00:00.000Z' };
const BETA1 = 'DCSA.TrackAndTrace.v3.0.0-Beta-1';
const V300 = 'DCSA.TrackAndTrace.v3.0.0';

function mapped(detailType: string, detail: unknown, context = ctx) {
  const result = mapPartnerEvent(ctx.publisher, detailType, detail, context);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result;
}

/** A 3.0.0 event with classification overrides. */
function event300(classification: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventID: 'evt-1',
    eventDateTime: '2026-03-15T04:20:00Z',
    eventUpdatedDateTime: '2026-03-15T04:31:12Z',
    eventLocation: { UNLocationCode: 'NLRTM' },
    eventClassification: { eventClassifierCode: 'ACT', ...classification },
    equipmentDetails: { equipmentReference: 'APZU4812090', emptyIndicatorCode: 'LADEN' },
    ...extra,
  };
}

describe('DCSA T&T 3.0.0-Beta-1 envelope', () => {
  const [estimate, retraction] = beta1.events;

  it('turns an estimated arrival into an expected ETA at the call location, not evidence', () => {
    const result = mapped(BETA1, estimate, { ...ctx, recordedAt: '2026-02-12T00:00:00Z' });
    expect(result.mapping.id).toBe('dcsa-tnt-3.0.0-beta1');
    expect(result.facts).toEqual([
      {
        identity: { publisher: ctx.publisher, eventId: '0b7f9b2e-53c1-4d8e-a6a2-1f0c5b9e4d11' },
        expected: { kind: 'ETA', at: '2026-03-14T07:00:00+01:00', classifier: 'EST', location: 'NLRTM' },
      },
    ]);
    expect(result.keys).toEqual([
      { kind: 'BOOKING', value: 'BKG260210001' },
      { kind: 'BL', value: 'TRD260210001' },
    ]);
  });

  it('turns a retraction (no payload) into a fact that withdraws the named event', () => {
    const result = mapped(BETA1, retraction, { ...ctx, recordedAt: '2026-02-14T00:00:00Z' });
    expect(result.facts).toEqual([
      { identity: { publisher: ctx.publisher, eventId: '2a7a4b11-7f6e-4b0c-8a3c-2b6d1c0e9f22' }, retracts: '0b7f9b2e-53c1-4d8e-a6a2-1f0c5b9e4d11' },
    ]);
    expect(result.keys).toEqual([]);
  });

  it('maps an actual arrival to arrived evidence', () => {
    const actual = { ...estimate, payload: { ...estimate?.payload, eventClassifierCode: 'ACT', eventDateTime: '2026-02-11T07:00:00+01:00' } };
    const fact = mapped(BETA1, actual, { ...ctx, recordedAt: '2026-02-12T00:00:00Z' }).facts[0];
    expect(fact?.evidence).toMatchObject({ kind: 'arrived', location: 'NLRTM', details: { vesselName: 'Example Trader', publisherRole: 'CA' } });
  });

  it.each([
    ['payload missing without retraction', { metadata: estimate?.metadata }, ['payload']],
    ['payload next to a retraction', { metadata: retraction?.metadata, payload: estimate?.payload }, ['payload']],
    ['bad LOCODE in the call', { ...estimate, payload: { ...estimate?.payload, transportCall: { location: { UNLocationCode: 'XYABC' } } } }, ['payload.transportCall.location.UNLocationCode']],
  ])('refuses %s with a field path', (_name, detail, paths) => {
    const result = mapPartnerEvent(ctx.publisher, BETA1, detail, { ...ctx, recordedAt: '2026-02-12T00:00:00Z' });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(paths);
  });
});

describe('DCSA T&T 3.0.0 POST /events batches', () => {
  it('yields one fact per event: discharge evidence, a known code without evidence, a retraction', () => {
    // Act
    const result = mapped(V300, post.request);
    // Assess
    const id = 'SMDG/LCL/EXO/evt-EXO-APZU4812090-DISC-2026-03-15T04:20:00Z';
    expect(result.facts).toHaveLength(3);
    expect(result.facts[0]).toEqual({
      identity: { publisher: ctx.publisher, eventId: id, updatedAt: '2026-03-15T04:31:12Z' },
      evidence: {
        kind: 'arrived',
        classifier: 'ACT',
        occurredAt: '2026-03-15T04:20:00Z',
        recordedAt: ctx.recordedAt,
        source: { publisher: ctx.publisher, eventId: id, format: 'dcsa-tnt-3.0.0' },
        location: 'NLRTM',
        details: expect.objectContaining({ rule: 'discharged', locationRole: 'portOfDischarge', movementType: 'IMPORT', originatingParty: 'SMDG/LCL/EXO', eventUpdatedDateTime: '2026-03-15T04:31:12Z' }),
      },
    });
    expect(result.facts[1]).toEqual({
      identity: { publisher: ctx.publisher, eventId: 'SMDG/LCL/EXO/evt-EXO-APZU4812090-CUSR-2026-03-16', updatedAt: '2026-03-16T10:05:00Z' },
    });
    expect(result.facts[2]).toEqual({ identity: { publisher: ctx.publisher, eventId: id, updatedAt: '2026-03-15T09:00:00Z' }, retracts: id });
    expect(result.keys).toEqual([
      { kind: 'BOOKING', value: 'BKG260210001' },
      { kind: 'BL', value: 'TRD260210001' },
    ]);
  });

  it('marks a correction of the same event with its later updatedAt', () => {
    const first = event300({ eventTypeCode: 'EQUIPMENT', equipmentEventTypeCode: 'DISC' });
    const corrected = { ...first, eventDateTime: '2026-03-15T05:00:00Z', eventUpdatedDateTime: '2026-03-15T06:00:00+01:00' };
    const facts = mapped(V300, { events: [first, corrected] }).facts;
    expect(facts.map((f) => [f.identity.eventId, f.identity.updatedAt, f.evidence?.occurredAt])).toEqual([
      ['evt-1', '2026-03-15T04:31:12Z', '2026-03-15T04:20:00Z'],
      ['evt-1', '2026-03-15T06:00:00+01:00', '2026-03-15T05:00:00Z'],
    ]);
  });

  it('tolerates unknown codes and records them, proving nothing', () => {
    const facts = mapped(V300, { events: [event300({ eventTypeCode: 'EQUIPMENT', equipmentEventTypeCode: 'XRAY' }), event300({ eventTypeCode: 'OPERATIONS', eventClassifierCode: 'REQ' })] }).facts;
    expect(facts.map((f) => f.unknownCodes)).toEqual([['equipmentEventTypeCode=XRAY'], ['eventType=OPERATIONS', 'eventClassifierCode=REQ']]);
    expect(facts.every((f) => f.evidence === undefined && f.expected === undefined)).toBe(true);
  });

  it.each([
    ['booking confirmed', { eventTypeCode: 'SHIPMENT', shipmentEventTypeCode: 'CONF' }, { shipmentDetails: { documentReference: { typeCode: 'BKG', reference: 'ABC709951' } } }, 'bookingConfirmed'],
    ['B/L issued', { eventTypeCode: 'SHIPMENT', shipmentEventTypeCode: 'ISSU', documentTypeCode: 'TRD' }, {}, 'shipped'],
    ['laden load', { eventTypeCode: 'EQUIPMENT', equipmentEventTypeCode: 'LOAD' }, {}, 'shipped'],
    ['departure', { eventTypeCode: 'TRANSPORT', transportEventTypeCode: 'DEPA' }, {}, 'shipped'],
    ['arrival', { eventTypeCode: 'TRANSPORT', transportEventTypeCode: 'ARRI' }, {}, 'arrived'],
    ['laden gate-out', { eventTypeCode: 'EQUIPMENT', equipmentEventTypeCode: 'GTOT' }, {}, 'delivered'],
    ['customs released', { eventTypeCode: 'EQUIPMENT', equipmentEventTypeCode: 'CUSR' }, {}, undefined],
  ])('evidence rule: %s', (_name, classification, extra, kind) => {
    expect(mapped(V300, { events: [event300(classification, extra)] }).facts[0]?.evidence?.kind).toBe(kind);
  });

  it('reads the transport call location when the event has no eventLocation (Conformance-Gateway transport layout)', () => {
    const detail = {
      events: [
        event300({ eventTypeCode: 'TRANSPORT', transportEventTypeCode: 'ARRI' }, {
          eventLocation: undefined,
          transportDetails: { transportCall: { UNLocationCode: 'DEHAM', vessel: { vesselName: 'Example Vessel Alpha' } } },
        }),
      ],
    };
    expect(mapped(V300, detail).facts[0]?.evidence).toMatchObject({ kind: 'arrived', location: 'DEHAM', details: { vesselName: 'Example Vessel Alpha' } });
  });

  it.each([
    ['empty batch', { events: [] }, ['events']],
    ['event without classification', { events: [{ eventID: 'x', eventUpdatedDateTime: '2026-03-15T04:31:12Z', eventDateTime: '2026-03-15T04:20:00Z' }] }, ['events[0].eventClassification']],
    ['implausible update time', { events: [event300({ eventTypeCode: 'EQUIPMENT', equipmentEventTypeCode: 'DISC' }, { eventUpdatedDateTime: '2099-01-01T00:00:00Z' })] }, ['events[0].eventUpdatedDateTime']],
    ['missing type code', { events: [event300({ eventTypeCode: 'TRANSPORT' })] }, ['events[0].eventClassification.transportEventTypeCode']],
    ['planned shipment event', { events: [event300({ eventTypeCode: 'SHIPMENT', shipmentEventTypeCode: 'CONF', eventClassifierCode: 'PLN' })] }, ['events[0].eventClassification.eventClassifierCode']],
  ])('refuses %s with field paths', (_name, detail, paths) => {
    const result = mapPartnerEvent(ctx.publisher, V300, detail, ctx);
    expect(result).toMatchObject({ ok: false, reason: 'SCHEMA' });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(paths);
  });

  it('keeps eventID alone as identity when the routing names no originating party', () => {
    const facts = mapped(V300, { events: [event300({ eventTypeCode: 'EQUIPMENT', equipmentEventTypeCode: 'DISC' })] }).facts;
    expect(facts[0]?.identity.eventId).toBe('evt-1');
  });
});
