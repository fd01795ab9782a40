import { rulesFor, renderIntegrationDiagram } from '../../../infra/docs/integration-architecture';
import { partnerMappings } from '../../../shared/events/partners/partner-registry';
import { domainEvents } from '../../../shared/events/domain/catalog';

describe('integration architecture (generated from mappings, rules and domain events)', () => {
  it.each(partnerMappings.map((m) => [m.id, m]))('routes every detail-type of %s to exactly one rule', (_id, mapping) => {
    expect(rulesFor(mapping)).toHaveLength(1);
  });

  it('shows every partner detail-type and every domain event in the diagram', () => {
    const diagram = renderIntegrationDiagram();
    for (const m of partnerMappings) for (const d of m.detailTypes) expect(diagram).toContain(d);
    for (const e of domainEvents) expect(diagram).toContain(e.name);
  });
});
