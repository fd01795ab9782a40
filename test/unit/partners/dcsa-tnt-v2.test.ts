import examples from '../../fixtures/partners/dcsa-tnt-v2.2-examples.json';
import negatives from '../../fixtures/partners/dcsa-tnt-v2.2-negative-events.json';
import { mapPartnerEvent } from '../../../shared/events/partners/partner-registry';
import { locationMatches } from '../../../shared/events/partners/dcsa-rules';

const DETAIL_TYPE = 'DCSA.TrackAndTrace.v2.2';
const ctx = { publisher: 'partner.carrier.exo', recordedAt: '2026-02-12T00:00:00.000Z' };
const [departure, load, blIssued] = examples.events;

function mapped(event: unknown, context = ctx) {
  const result = mapPartnerEvent(ctx.publisher, DETAIL_TYPE, event, context);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result;
}

/** A minimal valid 2.2 event of a type, to vary one code at a time. */
function event(overrides: Record<string, unknown>): Record<string, unknown> {
  const base: Record<string, unknown> = {
    eventID: 'e-1',
    eventCreatedDateTime: '2026-02-10T06:05:00Z',
    eventClassifierCode: 'ACT',
    eventDateTime: '2026-02-10T13:50:00+08:00',
  };
  const byType: Record<string, Record<string, unknown>> = {
    SHIPMENT: { documentID: 'BKG260210001' },
    TRANSPORT: { transportCall: { UNLocationCode: 'CNSHA', vessel: { vesselName: 'Example Trader' } } },
    EQUIPMENT: { emptyIndicatorCode: 'LADEN', equipmentReference: 'APZU4812090', eventLocation: { UNLocationCode: 'CNSHA' } },
  };
  return { ...base, ...byType[String(overrides.eventType)], ...overrides };
}

describe('DCSA T&T 2.2 mapping — real-shaped examples', () => {
  it('maps a vessel departure to shipped evidence at the departure port, offset kept', () => {
    // Act
    const result = mapped(departure);
    // Assess
    expect(result.mapping.id).toBe('dcsa-tnt-2.2');
    expect(result.facts).toEqual([
      {
        identity: { publisher: 'partner.carrier.exo', eventId: '6f1c2a10-0d4e-4b7a-9f53-3a1e9d2b7c01' },
        evidence: {
          kind: 'shipped',
          classifier: 'ACT',
          occurredAt: '2026-02-10T13:50:00+08:00',
          recordedAt: ctx.recordedAt,
          source: { publisher: 'partner.carrier.exo', eventId: '6f1c2a10-0d4e-4b7a-9f53-3a1e9d2b7c01', format: 'dcsa-tnt-2.2' },
          location: 'CNSHA',
          details: expect.objectContaining({
            rule: 'departed',
            locationRole: 'portOfLoading',
            vesselName: 'Example Trader',
            voyage: '612W',
            delayReasonCode: 'WEA',
            changeRemark: 'Departure delayed by fog',
          }),
        },
      },
    ]);
    expect(result.keys).toEqual([
      { kind: 'BOOKING', value: 'BKG260210001' },
      { kind: 'BL', value: 'TRD260210001' },
    ]);
  });

  it('maps a laden load to shipped at the event location', () => {
    const result = mapped(load);
    expect(result.facts[0]?.evidence).toMatchObject({ kind: 'shipped', location: 'CNSHA', details: { rule: 'loaded', equipmentReference: 'APZU4812090' } });
    expect(result.keys).toEqual([{ kind: 'BOOKING', value: 'BKG260210001' }]);
  });

  it('maps B/L issue to shipped without a location and keys the B/L number', () => {
    const result = mapped(blIssued);
    expect(result.facts[0]?.evidence).toMatchObject({ kind: 'shipped', occurredAt: '2026-02-11T09:00:00+01:00', details: { rule: 'bl-issued' } });
    expect(result.facts[0]?.evidence?.location).toBeUndefined();
    expect(result.keys).toEqual([{ kind: 'BL', value: 'TRD260210001' }]);
  });
});

describe('DCSA evidence rules (table)', () => {
  it.each([
    ['booking confirmed', { eventType: 'SHIPMENT', shipmentEventTypeCode: 'CONF', documentTypeCode: 'BKG' }, 'bookingConfirmed', undefined],
    ['booking request confirmed is not the booking', { eventType: 'SHIPMENT', shipmentEventTypeCode: 'CONF', documentTypeCode: 'CBR' }, undefined, undefined],
    ['B/L issued', { eventType: 'SHIPMENT', shipmentEventTypeCode: 'ISSU', documentTypeCode: 'TRD' }, 'shipped', undefined],
    ['B/L drafted', { eventType: 'SHIPMENT', shipmentEventTypeCode: 'DRFT', documentTypeCode: 'TRD' }, undefined, undefined],
    ['laden load', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'LOAD' }, 'shipped', 'CNSHA'],
    ['empty load proves nothing', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'LOAD', emptyIndicatorCode: 'EMPTY' }, undefined, undefined],
    ['vessel departure', { eventType: 'TRANSPORT', transportEventTypeCode: 'DEPA' }, 'shipped', 'CNSHA'],
    ['vessel arrival', { eventType: 'TRANSPORT', transportEventTypeCode: 'ARRI', transportCall: { UNLocationCode: 'NLRTM' } }, 'arrived', 'NLRTM'],
    ['laden discharge', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'DISC', eventLocation: { UNLocationCode: 'NLRTM' } }, 'arrived', 'NLRTM'],
    ['laden gate-out', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'GTOT', eventLocation: { UNLocationCode: 'DEHAM' } }, 'delivered', 'DEHAM'],
    ['empty gate-out proves nothing', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'GTOT', emptyIndicatorCode: 'EMPTY' }, undefined, undefined],
    ['gate-in proves nothing', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'GTIN' }, undefined, undefined],
    ['load without any location is not evidence', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'LOAD', eventLocation: undefined }, undefined, undefined],
  ])('%s', (_name, overrides, kind, location) => {
    const fact = mapped(event(overrides)).facts[0];
    expect(fact?.evidence?.kind).toBe(kind);
    expect(fact?.evidence?.location).toBe(location);
    expect(fact?.expected).toBeUndefined();
  });

  it.each([
    ['PLN departure → ETD', { eventType: 'TRANSPORT', transportEventTypeCode: 'DEPA', eventClassifierCode: 'PLN' }, 'ETD', 'PLN'],
    ['EST arrival → ETA', { eventType: 'TRANSPORT', transportEventTypeCode: 'ARRI', eventClassifierCode: 'EST' }, 'ETA', 'EST'],
    ['EST load → ETD', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'LOAD', eventClassifierCode: 'EST' }, 'ETD', 'EST'],
    ['EST discharge → ETA', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'DISC', eventClassifierCode: 'EST' }, 'ETA', 'EST'],
    ['PLN gate-out → DELIVERY', { eventType: 'EQUIPMENT', equipmentEventTypeCode: 'GTOT', eventClassifierCode: 'PLN' }, 'DELIVERY', 'PLN'],
  ])('%s, never evidence', (_name, overrides, kind, classifier) => {
    const fact = mapped(event(overrides)).facts[0];
    expect(fact?.evidence).toBeUndefined();
    expect(fact?.expected).toEqual({ kind, classifier, at: '2026-02-10T13:50:00+08:00', location: 'CNSHA' });
  });

  it('reads a date-time without offset as UTC and flags it', () => {
    const fact = mapped(event({ eventType: 'TRANSPORT', transportEventTypeCode: 'DEPA', eventDateTime: '2026-02-10T05:50:00' })).facts[0];
    expect(fact?.evidence?.occurredAt).toBe('2026-02-10T05:50:00Z');
    expect(fact?.evidence?.details).toMatchObject({ assumedUtc: true });
  });

  it('tolerates codes outside the 2.2 lists and records them', () => {
    const fact = mapped(event({ eventType: 'EQUIPMENT', equipmentEventTypeCode: 'HOLD' })).facts[0];
    expect(fact).toEqual({ identity: { publisher: ctx.publisher, eventId: 'e-1' }, unknownCodes: ['equipmentEventTypeCode=HOLD'] });
  });

  it('keys PO references and ignores other reference types', () => {
    const result = mapped(
      event({
        eventType: 'TRANSPORT',
        transportEventTypeCode: 'DEPA',
        references: [
          { referenceType: 'PO', referenceValue: 'PO-2026-0042' },
          { referenceType: 'FF', referenceValue: 'FWD-1' },
        ],
      }),
    );
    expect(result.keys).toEqual([{ kind: 'PO', value: 'PO-2026-0042' }]);
  });
});

describe('locationMatches', () => {
  const ports = { portOfLoading: 'CNSHA', portOfDischarge: 'NLRTM' };
  it.each([
    ['shipped at the port of loading', 'shipped', 'CNSHA', ports, true],
    ['shipped at a transhipment port', 'shipped', 'SGSIN', ports, false],
    ['arrived at the port of discharge', 'arrived', 'NLRTM', ports, true],
    ['arrived at the port of loading', 'arrived', 'CNSHA', ports, false],
    ['delivered falls back to the port of discharge', 'delivered', 'NLRTM', ports, true],
    ['delivered at the named place of delivery', 'delivered', 'DEHAM', { ...ports, placeOfDelivery: 'DEHAM' }, true],
    ['delivered at the port when a place is named', 'delivered', 'NLRTM', { ...ports, placeOfDelivery: 'DEHAM' }, false],
    ['B/L issued carries no location', 'shipped', undefined, ports, true],
    ['contract names no port', 'shipped', 'SGSIN', {}, true],
    ['kind not bound to a port', 'bookingConfirmed', 'SGSIN', ports, true],
  ] as const)('%s', (_name, kind, location, contractPorts, expected) => {
    expect(locationMatches(kind, location, contractPorts)).toBe(expected);
  });
});

describe('DCSA T&T 2.2 negative examples (Conformance-Gateway) are SCHEMA errors with field paths', () => {
  it.each(negatives.cases.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    // Act
    const result = mapPartnerEvent(ctx.publisher, DETAIL_TYPE, c.event, { publisher: ctx.publisher, recordedAt: negatives.recordedAt });
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('SCHEMA');
    expect([...new Set(result.issues.map((i) => i.path))].sort()).toEqual([...c.expectPaths].sort());
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(5);
  });

  it('names the wrong LOCODE country and the disagreeing transport call', () => {
    const c = negatives.cases.find((x) => x.what.startsWith('equipmentEventTypeCode RMVD'));
    const result = mapPartnerEvent(ctx.publisher, DETAIL_TYPE, c?.event, { publisher: ctx.publisher, recordedAt: negatives.recordedAt });
    expect(result.ok ? [] : result.issues).toEqual(
      expect.arrayContaining([
        { path: 'eventLocation.UNLocationCode', message: "'XYABC' is not a UN/LOCODE: 'XY' is not an ISO 3166 country" },
        { path: 'eventClassifierCode', message: "Equipment event RMVD can only be reported as actual (ACT); got 'EST'" },
      ]),
    );
  });

  it('refuses an actual event dated in the future', () => {
    const result = mapPartnerEvent(ctx.publisher, DETAIL_TYPE, event({ eventType: 'TRANSPORT', transportEventTypeCode: 'DEPA', eventDateTime: '2026-03-01T00:00:00Z' }), ctx);
    expect(result).toMatchObject({ ok: false, reason: 'SCHEMA', issues: [{ path: 'eventDateTime' }] });
  });

  it('requires the fields of the event type', () => {
    const result = mapPartnerEvent(ctx.publisher, DETAIL_TYPE, event({ eventType: 'TRANSPORT', transportEventTypeCode: undefined, transportCall: undefined }), ctx);
    expect(result.ok ? [] : result.issues.map((i) => i.path).sort()).toEqual(['transportCall', 'transportEventTypeCode']);
  });
});
