/**
 * Tradeflow's outbound events keep their published contract: every module's example fits its schema, every
 * publisher (use cases through the DomainEvents port, the workflow through ASL putEvents) sends details its
 * catalog schema accepts, and every domain-bus rule subscribes to an event in the catalog.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventRules } from '../../../infra/event-rules';
import { DOMAIN_EVENT_SOURCE as ADAPTER_SOURCE } from '../../../shared/adapters/eventbridge-domain-events';
import { domainEventFor, domainEvents, envelopeJsonSchema } from '../../../shared/events/domain/catalog';
import { ContractCreated } from '../../../shared/events/domain/contract-created';
import { publishDomainEvent } from '../../../shared/events/domain/domain-event';
import { makeContracts } from '../../../shared/use-cases/contracts';
import { makeLifecycle } from '../../../shared/use-cases/lifecycle';
import { makePartnerEvents } from '../../../shared/use-cases/partner-events';
import { lcIssued } from '../../../infra/local/partner-event-builders';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';
import { world } from '../use-cases/world';

describe('domain event modules', () => {
  it.each(domainEvents.map((e) => [e.name, e]))('%s: source, detail-type and version are declared, and the example fits the schema', (_name, event) => {
    expect(event.source).toBe('tradeflow.contracts');
    expect(event.detailType).toBe(event.name);
    expect(event.schema.parse(event.example)).toMatchObject({ schemaVersion: event.version });
    expect(envelopeJsonSchema(event)).toMatchObject({ properties: { detail: { type: 'object' } } });
  });

  it('uses the source the EventBridge adapter publishes with', () => {
    expect(ADAPTER_SOURCE).toBe(domainEvents[0]!.source);
  });

  it('refuses to publish a detail that breaks the schema', async () => {
    const sent: string[] = [];
    const sink = { publish: async (detailType: string) => void sent.push(detailType) };
    await expect(publishDomainEvent(sink, ContractCreated, { schemaVersion: '1', contractId: '', contractNumber: 'X', customerId: 'C', at: 'yesterday' })).rejects.toThrow();
    expect(sent).toEqual([]);
  });

  it('covers every detail-type the domain-bus rules subscribe to', () => {
    for (const rule of eventRules.filter((r) => r.eventBus === 'domain')) {
      const types = (rule.pattern as { 'detail-type'?: readonly string[] })['detail-type'] ?? [];
      for (const type of types) expect(domainEventFor(type)).toBeDefined();
    }
  });
});

describe('publishers conform to the catalog', () => {
  it('the use cases publish only catalogued events with valid details (create, stage, escalate, exception, cancel)', async () => {
    // Prepare
    const w = world();
    const contracts = makeContracts(w.ports);
    const lifecycle = makeLifecycle(w.ports);
    const input = cifShanghaiRotterdamLc();
    // Act: created → DRAFT entered → SIGNED tracks → an escalation → an L/C that does not match → cancelled.
    const created = await contracts.create({ userId: 'u-sales-1', role: 'sales' }, input);
    const id = created.contract.id;
    await lifecycle.enterStage({ contractId: id, stage: 'DRAFT', executionId: 'exec-1', taskToken: 'tok-draft' });
    await lifecycle.enterStage({ contractId: id, stage: 'PRODUCTION', executionId: 'exec-1', taskToken: 'tok-prod' });
    await lifecycle.escalate({ contractId: id, stage: 'PRODUCTION' });
    const lc = lcIssued({ lcNumber: input.references!.lcNumber!, issueDate: '2026-12-02', expiryDate: '2027-03-15', expiryPlace: 'SHANGHAI', currency: 'USD', amount: '1000.00', latestShipmentDate: '2027-02-22' });
    await makePartnerEvents(w.ports).ingest({ source: lc.Source, 'detail-type': lc.DetailType, detail: JSON.parse(lc.Detail) });
    await contracts.requestTransition({ userId: 'u-mgr-1', role: 'manager' }, id, { to: 'CANCELLED', reason: 'Buyer withdrew.' });
    // Assess
    const types = w.published.map((p) => p.detailType);
    expect(new Set(types)).toEqual(new Set(['ContractCreated', 'ContractStageChanged', 'ContractEscalated', 'ExceptionRaised']));
    for (const { detailType, detail } of w.published) {
      const event = domainEventFor(detailType);
      expect(event).toBeDefined();
      expect(() => event!.schema.parse(detail)).not.toThrow();
    }
  });

  it('the workflow publishes ContractClosed and ContractCancelled with the catalogued detail', () => {
    const asl = JSON.parse(readFileSync(join(__dirname, '../../../statemachines/contract-lifecycle.asl.json'), 'utf8')) as { States: Record<string, { Resource?: string; Parameters?: { Entries?: Array<Record<string, unknown>> } }> };
    const publishing = Object.entries(asl.States).filter(([, s]) => s.Resource === 'arn:aws:states:::events:putEvents');
    expect(publishing.map(([name]) => name).sort()).toEqual(['Publish ContractCancelled', 'Publish ContractClosed']);
    for (const [state, s] of publishing) {
      for (const entry of s.Parameters!.Entries!) {
        const event = domainEventFor(String(entry.DetailType));
        expect(event?.publishedBy).toContainEqual({ kind: 'workflow', state });
        expect(entry.Source).toBe(event!.source);
        // Resolve the JSONPath fields the way the workflow would, with realistic values.
        const detail = Object.fromEntries(
          Object.entries(entry.Detail as Record<string, unknown>).map(([key, value]) =>
            key.endsWith('.$') ? [key.slice(0, -2), value === '$$.Execution.Id' ? 'arn:aws:states:eu-west-1:123456789012:execution:tradeflow-contract-lifecycle:x' : '01JH8Z6Q4C8XK2M5V7N9P3R1T0'] : [key, value],
          ),
        );
        expect(event!.schema.parse(detail)).toEqual(detail);
      }
    }
  });
});
