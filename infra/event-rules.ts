import type { EventPattern } from './local/eventbridge/event-pattern';

/**
 * The EventBridge rules of Tradeflow, as data: the CDK stack creates one `events.Rule` per entry and the
 * local bus routes with the very same list, so a pattern cannot drift between cloud and laptop.
 */

/** The two buses: `partner` receives what carriers, banks and ERPs publish; `domain` carries our own events. */
export type EventBusId = 'partner' | 'domain';

/** A rule's target: one of our Lambda functions, named by the id the stacks and the local runtime share. */
export interface FunctionTarget {
  readonly kind: 'function';
  readonly functionId: string;
}

/** One EventBridge rule. `name` is unique across buses (it names the CDK construct and the local route). */
export interface EventRule {
  readonly name: string;
  /** Shown in the console and the event catalog: say which events and why they go there. */
  readonly description: string;
  readonly eventBus: EventBusId;
  readonly pattern: EventPattern;
  readonly target: FunctionTarget;
}

/**
 * Every rule of the system.
 *
 * @example
 * const forPartnerBus = eventRules.filter((rule) => rule.eventBus === 'partner');
 */
export const eventRules = [
  {
    name: 'carrier-events-to-ingest',
    description: 'DCSA track-and-trace events from ocean carriers (any DCSA.* detail-type) go to partner-event ingestion.',
    eventBus: 'partner',
    pattern: { source: [{ prefix: 'partner.carrier' }], 'detail-type': [{ prefix: 'DCSA.' }] },
    target: { kind: 'function', functionId: 'ingest-partner-event' },
  },
  {
    name: 'bank-events-to-ingest',
    description: 'Events from banks (letters of credit, payments) go to partner-event ingestion.',
    eventBus: 'partner',
    pattern: { source: [{ prefix: 'partner.bank' }] },
    target: { kind: 'function', functionId: 'ingest-partner-event' },
  },
  {
    name: 'erp-events-to-ingest',
    description: 'Events from customer ERPs (orders, contract submissions) go to partner-event ingestion.',
    eventBus: 'partner',
    pattern: { source: [{ prefix: 'partner.erp' }] },
    target: { kind: 'function', functionId: 'ingest-partner-event' },
  },
  {
    name: 'stage-changed-to-notify-customer',
    description: 'When a contract changes stage, the customer is told.',
    eventBus: 'domain',
    pattern: { source: ['tradeflow.contracts'], 'detail-type': ['ContractStageChanged'] },
    target: { kind: 'function', functionId: 'notify-customer' },
  },
] as const satisfies readonly EventRule[];

/** The names of the rules above, for typed lookups in tests and tools. */
export type EventRuleName = (typeof eventRules)[number]['name'];
