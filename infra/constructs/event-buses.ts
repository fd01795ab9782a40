import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EventBusId } from '../event-rules';

/** Properties of {@link EventBuses}. */
export interface EventBusesProps {
  readonly namePrefix: string;
  /** Only these accounts may put events on the partner bus; empty means same-account only. */
  readonly partnerAccountIds: readonly string[];
  readonly partnerArchiveRetention: Duration;
}

/**
 * The two buses of `infra/event-rules.ts`: `partner` (carriers, banks, ERPs publish here, cross-account) and
 * `domain` (our own events). The partner bus keeps an archive so a bad deploy of the ingestion path can be
 * repaired by replaying what partners sent.
 *
 * @example
 * const buses = new EventBuses(this, 'Buses', { namePrefix: 'tradeflow', partnerAccountIds: ['111122223333'], partnerArchiveRetention: Duration.days(365) });
 * buses.bus('partner').eventBusArn; // the bus a rule in infra/event-rules.ts names
 */
export class EventBuses extends Construct {
  readonly partner: events.EventBus;
  readonly domain: events.EventBus;
  readonly partnerArchive: events.CfnArchive;

  constructor(scope: Construct, id: string, props: EventBusesProps) {
    super(scope, id);
    this.partner = new events.EventBus(this, 'PartnerBus', {
      eventBusName: `${props.namePrefix}-partner`,
      description: 'Events published by carriers, banks and customer ERPs (cross-account).',
    });
    this.domain = new events.EventBus(this, 'DomainBus', {
      eventBusName: `${props.namePrefix}-domain`,
      description: 'Tradeflow domain events (contract stage changes, closures, e-mail feedback).',
    });

    // One statement per partner account, and only for `partner.*` sources: an ERP cannot impersonate
    // `tradeflow.*` (our own sources) even if a rule on this bus ever matched them.
    for (const account of props.partnerAccountIds) {
      this.partner.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `AllowPartner${account}`,
          principals: [new iam.AccountPrincipal(account)],
          actions: ['events:PutEvents'],
          resources: [this.partner.eventBusArn],
          conditions: { StringLike: { 'events:source': 'partner.*' } },
        }),
      );
    }

    // L1 on purpose: the L2 requires an event pattern, and an archive without one keeps every event.
    this.partnerArchive = new events.CfnArchive(this, 'PartnerArchive', {
      archiveName: `${props.namePrefix}-partner-archive`,
      description: 'Everything partners sent, for replay into the partner bus.',
      sourceArn: this.partner.eventBusArn,
      retentionDays: props.partnerArchiveRetention.toDays(),
    });
  }

  /** The bus an `infra/event-rules.ts` entry names. */
  bus(id: EventBusId): events.IEventBus {
    return id === 'partner' ? this.partner : this.domain;
  }
}
