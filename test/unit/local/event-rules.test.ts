import { eventRules } from '../../../infra/event-rules';
import { compileEventPattern, eventPatternProblem } from '../../../infra/local/eventbridge/event-pattern';

const envelope = (source: string, detailType: string) => ({
  version: '0',
  id: 'b0a3c2d4-0000-4000-8000-000000000001',
  'detail-type': detailType,
  source,
  account: '000000000000',
  time: '2026-12-03T08:15:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {},
});

/** Which rules of the given bus an event matches, by name. */
const matchingRules = (bus: 'partner' | 'domain', source: string, detailType: string) =>
  eventRules.filter((rule) => rule.eventBus === bus && compileEventPattern(rule.pattern).matches(envelope(source, detailType))).map((rule) => rule.name);

describe('event rules', () => {
  it.each(eventRules.map((rule) => [rule.name, rule] as const))('%s has a pattern EventBridge accepts', (_name, rule) => {
    expect(eventPatternProblem(rule.pattern)).toBeUndefined();
  });

  it('names every rule once', () => {
    const names = eventRules.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each<[string, 'partner' | 'domain', string, string, string[]]>([
    ['a DCSA track-and-trace event from a carrier', 'partner', 'partner.carrier.maersk', 'DCSA.TrackAndTrace.Event', ['carrier-events-to-ingest']],
    ['any other DCSA.* event from a carrier', 'partner', 'partner.carrier.msc', 'DCSA.Booking.Confirmed', ['carrier-events-to-ingest']],
    ['a non-DCSA event from a carrier', 'partner', 'partner.carrier.maersk', 'Invoice.Issued', []],
    ['an LC event from a bank', 'partner', 'partner.bank.deutsche', 'LetterOfCredit.Issued', ['bank-events-to-ingest']],
    ['an order event from an ERP', 'partner', 'partner.erp.sap', 'ContractSubmitted', ['erp-events-to-ingest']],
    ['an unknown publisher', 'partner', 'partner.customs', 'Declaration.Cleared', []],
    ['a stage change on the domain bus', 'domain', 'tradeflow.contracts', 'ContractStageChanged', ['stage-changed-to-notify-customer']],
    ['another domain event', 'domain', 'tradeflow.contracts', 'ContractCreated', []],
    ['a stage change put on the partner bus', 'partner', 'tradeflow.contracts', 'ContractStageChanged', []],
  ])('routes %s', (_name, bus, source, detailType, expected) => {
    expect(matchingRules(bus, source, detailType)).toEqual(expected);
  });
});
