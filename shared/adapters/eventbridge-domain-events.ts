/** The DomainEvents port over EventBridge: Tradeflow's own events on the domain bus. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvents } from '../use-cases/ports';

import { DOMAIN_EVENT_SOURCE } from '../events/domain/domain-event';

export { DOMAIN_EVENT_SOURCE };

export function makeEventBridgeDomainEvents(client: EventBridgeClient, eventBusName: string): DomainEvents {
  return {
    async publish(detailType, detail) {
      const out = await client.send(
        new PutEventsCommand({ Entries: [{ EventBusName: eventBusName, Source: DOMAIN_EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail) }] }),
      );
      if (out.FailedEntryCount) {
        const entry = out.Entries?.find((e) => e.ErrorCode);
        throw new Error(`PutEvents failed for ${detailType}: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
      }
    },
  };
}
