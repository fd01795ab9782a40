import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import v22 from '../../fixtures/partners/dcsa-tnt-v2.2-examples.json';
import post from '../../fixtures/partners/dcsa-tnt-v3.0.0-post-events.json';
import bank from '../../fixtures/partners/bank-messages.json';
import sap from '../../fixtures/partners/erp-sap-sales-order.json';
import { mapPartnerEvent, mappingFor, partnerMappings } from '../../../shared/events/partners/partner-registry';
import { renderPartnerMappingDoc } from '../../../shared/events/partners/mapping-doc';
import { Evidence } from '../../../shared/domain/evidence';
import { eventRules } from '../../../infra/event-rules';
import { compileEventPattern } from '../../../infra/local/eventbridge/event-pattern';

const ctx = { publisher: 'partner.carrier.exo', recordedAt: '2026-03-16T12:00:00.000Z' };

describe('partner mapping registry', () => {
  it('selects at most one mapping per (source prefix, detail-type) and ids are unique', () => {
    const pairs = partnerMappings.flatMap((m) => m.detailTypes.map((d) => `${m.source.prefix}|${d}`));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(new Set(partnerMappings.map((m) => m.id)).size).toBe(partnerMappings.length);
  });

  it.each([
    ['partner.carrier.exo', 'DCSA.TrackAndTrace.v2.2', 'dcsa-tnt-2.2'],
    ['partner.carrier', 'DCSA.TrackAndTrace.v3.0.0', 'dcsa-tnt-3.0.0'],
    ['partner.carrier.exo', 'DCSA.TrackAndTrace.v3.0.0-Beta-1', 'dcsa-tnt-3.0.0-beta1'],
    ['partner.bank.hsbc', 'LetterOfCredit.Issued', 'swift-mt700-json'],
    ['partner.erp.sap', 'SAP.SalesOrder.Created', 'sap-s4-a-salesorder'],
    ['partner.carrierx', 'DCSA.TrackAndTrace.v2.2', undefined],
    ['partner.bank.hsbc', 'DCSA.TrackAndTrace.v2.2', undefined],
    ['partner.carrier.exo', 'DCSA.TrackAndTrace.Event', undefined],
  ])('mappingFor(%p, %p) → %p', (source, detailType, id) => {
    expect(mappingFor(source, detailType)?.id).toBe(id);
  });

  it('every registered (source, detail-type) is routed to ingestion by the EventBridge rules', () => {
    for (const m of partnerMappings) {
      for (const detailType of m.detailTypes) {
        const event = { version: '0', id: '1', account: '1', region: 'eu-west-1', time: ctx.recordedAt, resources: [], source: `${m.source.prefix}.example`, 'detail-type': detailType, detail: {} };
        const routed = eventRules.filter((r) => r.eventBus === 'partner' && compileEventPattern(r.pattern).matches(event));
        expect([m.id, detailType, routed.map((r) => r.target.functionId)]).toEqual([m.id, detailType, ['ingest-partner-event']]);
      }
    }
  });

  it('answers UNKNOWN_FORMAT for an unregistered detail-type', () => {
    expect(mapPartnerEvent('partner.customs', 'Declaration.Cleared', {}, ctx)).toEqual({
      ok: false,
      reason: 'UNKNOWN_FORMAT',
      issues: [{ path: 'detail-type', message: "No partner format is registered for source 'partner.customs' with detail-type 'Declaration.Cleared'" }],
    });
  });

  it('produces evidence that satisfies the Evidence schema once the caller adds an id', () => {
    const inputs: Array<[string, string, unknown, string]> = [
      ['partner.carrier.exo', 'DCSA.TrackAndTrace.v2.2', v22.events[0], '2026-02-12T00:00:00Z'],
      ['partner.carrier.exo', 'DCSA.TrackAndTrace.v3.0.0', post.request, ctx.recordedAt],
      ['partner.bank.hsbc', 'LetterOfCredit.Issued', bank.mt700, ctx.recordedAt],
      ['partner.bank.hsbc', 'Deposit.Received', bank.mt103, ctx.recordedAt],
    ];
    for (const [source, detailType, detail, recordedAt] of inputs) {
      const result = mapPartnerEvent(source, detailType, detail, { publisher: source, recordedAt });
      expect(result.ok).toBe(true);
      for (const fact of result.ok ? result.facts : []) {
        if (fact.evidence === undefined) continue;
        expect(Evidence.safeParse({ evidenceId: 'ev-1', recordedAt, ...fact.evidence }).success).toBe(true);
      }
    }
  });
});

describe('mapPartnerEvent never throws (property)', () => {
  const registered = partnerMappings.flatMap((m) => m.detailTypes.map((d) => [`${m.source.prefix}.x`, d] as const));
  const routing = fc.oneof(fc.constantFrom(...registered), fc.tuple(fc.string(), fc.string()));
  const realShapes = [v22.events[0], v22.events[1], v22.events[2], post.request, bank.mt700, bank.mt707, bank.mt750, sap.rawODataV2];

  /** A real-shaped detail with one value replaced at a random path by arbitrary JSON. */
  const mutated = fc.tuple(fc.constantFrom(...realShapes), fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), fc.anything()).map(([shape, path, value]) => {
    const copy = structuredClone(shape) as Record<string, unknown>;
    let node: Record<string, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object') break;
      node = next as Record<string, unknown>;
    }
    node[path.at(-1) ?? 'eventID'] = value;
    return copy;
  });

  it('for arbitrary values and for mutated real events', () => {
    fc.assert(
      fc.property(routing, fc.oneof(fc.anything(), fc.jsonValue(), mutated), fc.oneof(fc.constant(ctx.recordedAt), fc.string()), ([source, detailType], detail, recordedAt) => {
        const result = mapPartnerEvent(source, detailType, detail, { publisher: source, recordedAt });
        if (!result.ok) {
          expect(['UNKNOWN_FORMAT', 'SCHEMA']).toContain(result.reason);
          for (const issue of result.issues) expect(typeof issue.path === 'string' && typeof issue.message === 'string').toBe(true);
        } else {
          expect(Array.isArray(result.facts) && Array.isArray(result.keys)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('docs/partner-mappings.md', () => {
  it('is the output of renderPartnerMappingDoc()', () => {
    expect(readFileSync(join(__dirname, '../../../docs/partner-mappings.md'), 'utf8')).toBe(renderPartnerMappingDoc());
  });

  it('names every format, detail-type and evidence rule', () => {
    const doc = renderPartnerMappingDoc();
    for (const m of partnerMappings) {
      expect(doc).toContain(`## \`${m.id}\``);
      for (const d of m.detailTypes) expect(doc).toContain(`\`${d}\``);
    }
    expect(doc).toContain('| gate-out-delivery | EQUIPMENT | GTOT (laden) |');
  });
});
