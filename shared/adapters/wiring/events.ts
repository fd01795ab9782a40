/** The EventBridge-backed `DomainEvents` port. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { config } from '../../config';
import { makeEventBridgeDomainEvents } from '../eventbridge-domain-events';
import { instrumented, lazyPort } from './lazy-port';

/** Domain events onto DOMAIN_EVENT_BUS_NAME, built on first use. */
export const eventsPort = lazyPort(() => {
  const c = config();
  return makeEventBridgeDomainEvents(instrumented(new EventBridgeClient({ region: c.AWS_REGION })), c.DOMAIN_EVENT_BUS_NAME);
});
