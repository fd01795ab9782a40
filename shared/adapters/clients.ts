/**
 * The composition root for handlers: AWS clients created once per container (module scope), wired into
 * the ports the use cases take. Endpoints come from the SDK's standard AWS_ENDPOINT_URL_<SERVICE>
 * variables, which is all the local runtime changes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Clock } from '../domain/clock';
import { config } from '../config';
import type { Ports } from '../use-cases/ports';
import { makeDynamoDbContractStore } from './dynamodb-contract-store';
import { makeEventBridgeDomainEvents } from './eventbridge-domain-events';
import { makeSesMailer } from './ses-mailer';
import { makeStepFunctionsWorkflow } from './step-functions-workflow';

/**
 * Wall clock plus the local runtime's offset (TRADEFLOW_CLOCK_OFFSET_MS, read on every call so the local
 * controllable clock can move it; never set in AWS).
 */
export const runtimeClock: Clock = {
  now: () => Date.now() + Number(process.env.TRADEFLOW_CLOCK_OFFSET_MS ?? 0), // eslint-disable-line no-restricted-syntax
};

let ports: Ports | undefined;

export function defaultPorts(): Ports {
  if (!ports) {
    const c = config();
    const region = c.AWS_REGION;
    const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region }), { marshallOptions: { removeUndefinedValues: true } });
    ports = {
      store: makeDynamoDbContractStore({ client: documentClient, tableName: c.TABLE_NAME }),
      workflow: makeStepFunctionsWorkflow(new SFNClient({ region }), c.STATE_MACHINE_ARN),
      events: makeEventBridgeDomainEvents(new EventBridgeClient({ region }), c.DOMAIN_EVENT_BUS_NAME),
      mailer: makeSesMailer(new SESv2Client({ region }), c.SENDER_ADDRESS, c.SES_CONFIGURATION_SET),
      clock: runtimeClock,
      newId: ulid,
    };
  }
  return ports;
}

/** The local runtime and tests reset the wiring after changing the environment. */
export function resetDefaultPorts(): void {
  ports = undefined;
}
