/**
 * The shape of every event Tradeflow publishes on its domain bus (`tradeflow-domain`): one module per
 * event declares its name, source, detail-type, version, who publishes it and its zod schema. ERPs and BI
 * tools subscribe to these; docs/event-catalog.md and docs/event-catalog.schema.json are generated from them.
 *
 * Versioning: `detail.schemaVersion` is the major version. Adding an optional field keeps the version;
 * removing or changing a field is a new version, published alongside the old one until subscribers move.
 */
import type { z } from 'zod';

/** The EventBridge `source` of every Tradeflow domain event. */
export const DOMAIN_EVENT_SOURCE = 'tradeflow.contracts';

/** Who publishes an event: a Lambda function (by catalog id) or the workflow itself (ASL putEvents). */
export type DomainEventPublisher = { readonly kind: 'function'; readonly functionId: string } | { readonly kind: 'workflow'; readonly state: string };

export interface DomainEventDefinition<S extends z.ZodType = z.ZodType> {
  /** Also the detail-type. */
  readonly name: string;
  readonly source: typeof DOMAIN_EVENT_SOURCE;
  readonly detailType: string;
  /** Major version, carried in `detail.schemaVersion`. */
  readonly version: string;
  /** One paragraph for the catalog: when it is published and what a subscriber can do with it. */
  readonly description: string;
  readonly publishedBy: readonly DomainEventPublisher[];
  readonly schema: S;
  /** A realistic detail, validated by the schema in tests and shown in the catalog. */
  readonly example: z.input<S>;
}

/**
 * Declares a domain event; the detail-type is the name.
 *
 * @example
 * export const ContractClosed = domainEvent({ name: 'ContractClosed', version: '1', description: '…', publishedBy: [...], schema, example });
 */
export function domainEvent<S extends z.ZodType>(definition: Omit<DomainEventDefinition<S>, 'source' | 'detailType'>): DomainEventDefinition<S> {
  return { ...definition, source: DOMAIN_EVENT_SOURCE, detailType: definition.name };
}

/** Something that publishes a detail-type with a detail (the `DomainEvents` port has this shape). */
export interface DomainEventSink {
  publish(detailType: string, detail: Record<string, unknown>): Promise<void>;
}

/**
 * Validates the detail against the event's schema, then publishes it: a detail that breaks the published
 * contract is a bug here, never a surprise for a subscriber.
 *
 * @example await publishDomainEvent(ports.events, ContractCreated, { schemaVersion: '1', contractId, contractNumber, customerId, at });
 */
export async function publishDomainEvent<S extends z.ZodType>(sink: DomainEventSink, event: DomainEventDefinition<S>, detail: z.input<S>): Promise<void> {
  const parsed = event.schema.parse(detail) as Record<string, unknown>;
  await sink.publish(event.detailType, parsed);
}
