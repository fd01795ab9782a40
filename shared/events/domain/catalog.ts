/**
 * Every domain event Tradeflow publishes, and the generated event catalog (docs/event-catalog.md and the
 * JSON Schemas in docs/event-catalog.schema.json, from the zod schemas with zod 4's `z.toJSONSchema`).
 */
import * as z from 'zod';
import type { DomainEventDefinition } from './domain-event';
import { DOMAIN_EVENT_SOURCE } from './domain-event';
import { ContractCancelled } from './contract-cancelled';
import { ContractClosed } from './contract-closed';
import { ContractCreated } from './contract-created';
import { ContractEscalated } from './contract-escalated';
import { ContractStageChanged } from './contract-stage-changed';
import { DeadlineAtRisk } from './deadline-at-risk';
import { ExceptionRaised } from './exception-raised';

/** The domain events, in lifecycle order. */
export const domainEvents: readonly DomainEventDefinition[] = [
  ContractCreated,
  ContractStageChanged,
  ContractEscalated,
  ExceptionRaised,
  DeadlineAtRisk,
  ContractClosed,
  ContractCancelled,
];

/** The domain event with this detail-type, if Tradeflow publishes it. */
export function domainEventFor(detailType: string): DomainEventDefinition | undefined {
  return domainEvents.find((e) => e.detailType === detailType);
}

/** JSON Schema (draft 2020-12) of one event's EventBridge envelope with its detail. */
export function envelopeJsonSchema(event: DomainEventDefinition): Record<string, unknown> {
  const detail = z.toJSONSchema(event.schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const { $schema: _ignored, ...detailSchema } = detail;
  return {
    title: event.name,
    description: event.description,
    type: 'object',
    properties: {
      source: { const: event.source },
      'detail-type': { const: event.detailType },
      detail: detailSchema,
    },
    required: ['source', 'detail-type', 'detail'],
    'x-version': event.version,
  };
}

/** docs/event-catalog.schema.json: one JSON Schema per event under `$defs`, the document accepts any of them. */
export function renderEventCatalogSchema(): string {
  const defs = Object.fromEntries(domainEvents.map((e) => [`${e.name}.v${e.version}`, envelopeJsonSchema(e)]));
  const doc = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tradeflow.example/schemas/event-catalog.schema.json',
    title: 'Tradeflow domain events',
    description: `Events on the tradeflow-domain EventBridge bus, source ${DOMAIN_EVENT_SOURCE}. Generated from shared/events/domain/ by npm run generate.`,
    oneOf: Object.keys(defs).map((name) => ({ $ref: `#/$defs/${name}` })),
    $defs: defs,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function fieldRows(event: DomainEventDefinition): string[] {
  const schema = z.toJSONSchema(event.schema, { io: 'input' }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const type = 'const' in prop ? `\`${JSON.stringify(prop.const)}\`` : Array.isArray(prop.enum) ? prop.enum.map((v) => `\`${String(v)}\``).join(', ') : String(prop.type ?? (prop.format ? 'string' : 'any'));
    const description = typeof prop.description === 'string' ? prop.description : '';
    return `| \`${name}\` | ${type} | ${required.has(name) ? 'yes' : 'no'} | ${description} |`;
  });
}

/** docs/event-catalog.md. */
export function renderEventCatalogDoc(): string {
  const lines = [
    '# Event catalog',
    '',
    '<!-- Generated from shared/events/domain/ by `npm run generate`; a test fails when it is stale. -->',
    '',
    `Tradeflow publishes these events on the \`tradeflow-domain\` EventBridge bus with source \`${DOMAIN_EVENT_SOURCE}\`.`,
    'Subscribe with a rule on `source` and `detail-type`. `detail.schemaVersion` is the major version: optional',
    'fields may be added within a version; anything else is a new version, published alongside the old one.',
    'JSON Schemas (draft 2020-12) of every event: [event-catalog.schema.json](event-catalog.schema.json).',
    'Delivery is at least once, in no guaranteed order: deduplicate on the detail (contract id + stage, …).',
    '',
    '| Event | Version | Published by |',
    '|---|---|---|',
    ...domainEvents.map((e) => `| [${e.name}](#${e.name.toLowerCase()}) | ${e.version} | ${e.publishedBy.map((p) => (p.kind === 'function' ? `λ ${p.functionId}` : `workflow (${p.state})`)).join(', ')} |`),
    '',
  ];
  for (const e of domainEvents) {
    lines.push(`## ${e.name}`, '', e.description, '', `source \`${e.source}\`, detail-type \`${e.detailType}\`, version ${e.version}`, '');
    lines.push('| Field | Type | Required | Meaning |', '|---|---|---|---|', ...fieldRows(e), '');
    lines.push('```json', JSON.stringify(e.example, null, 2), '```', '');
  }
  return lines.join('\n');
}
