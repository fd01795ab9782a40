/**
 * Measures one real contract lifecycle on the local runtime: a CIF L/C contract driven from draft to CLOSED
 * with `lcContractToClosed` (HTTP API + PutEvents), then the marginal usage of extra partner events. What is
 * counted, and how:
 *
 * - state transitions, Lambda task states: the execution's history from the local SFN endpoint
 *   (`GetExecutionHistory` with @aws-sdk/client-sfn), `*StateEntered` and `TaskScheduled` events;
 * - Lambda invocations and durations: every handler invocation, timed by the runtime's `aroundInvoke` hook
 *   (API, Step Functions tasks including `.waitForTaskToken` callbacks, EventBridge targets);
 * - DynamoDB request units: capacity reported by DynamoDB Local per request, through a metering proxy, and
 *   attributed to the invoking function (see dynamodb-meter.ts);
 * - EventBridge events: entries accepted by the local bus (partner and domain buses, PutEvents from
 *   partners, handlers and `events:putEvents` tasks alike);
 * - e-mails: the local SES mailbox; API requests: API function invocations, by method and route.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { deskClient } from '../../local/desk-client';
import { putEventsEntrySize, type PutEventsEntry } from '../../local/eventbridge/local-event-bus';
import { lcIssued, transportEvent } from '../../local/partner-event-builders';
import { startLocalRuntime } from '../../local/runtime';
import { createAndSign, lcContractToClosed } from '../../local/scenarios';
import { benchContract } from '../bench/bench-contracts';
import { startDynamoDbMeter, type DynamoDbRequestRecord } from './dynamodb-meter';
import { meterInvocations, type InvocationRecord } from './invocation-meter';

/** One accepted PutEvents entry. */
export interface EventRecord {
  readonly bus: string;
  readonly source: string;
  readonly detailType: string;
  /** 64 KB chunks: what EventBridge bills. */
  readonly chunks: number;
}

/** Everything recorded during one measuring window. */
export interface Window {
  readonly invocations: readonly InvocationRecord[];
  readonly dynamoDb: readonly DynamoDbRequestRecord[];
  readonly events: readonly EventRecord[];
  readonly emails: number;
  readonly wallMs: number;
}

/** The raw measurements of {@link measureLifecycle}. */
export interface LifecycleMeasurement {
  readonly contractNumber: string;
  readonly lifecycle: Window;
  readonly history: { readonly stateEntered: number; readonly lambdaTasksScheduled: number; readonly taskScheduledByResourceType: Record<string, number>; readonly events: number; readonly status: string };
  readonly stagesEntered: readonly string[];
  /** Extra partner events (carrier ETA updates, EST) sent to an in-flight contract, and what they used. */
  readonly extraPartnerEvents: { readonly count: number; readonly window: Window; readonly applied: number };
  /** RRU of one strongly consistent GetItem of the closed contract's item (what one poll would read). */
  readonly contractItemReadUnits: number;
}

const SECOND = 1_000;

/**
 * Runs the measurement on a fresh local runtime and stops it.
 *
 * @example
 * const m = await measureLifecycle((line) => console.log(line));
 * m.history.stateEntered; // e.g. 94
 */
export async function measureLifecycle(log: (line: string) => void): Promise<LifecycleMeasurement> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradeflow-cost-'));
  const meter = meterInvocations();
  const runtime = await startLocalRuntime({ dataDir, inMemory: true, aroundInvoke: meter.aroundInvoke, log });
  const dynamoDb = await startDynamoDbMeter(runtime.dynamoDbUrl);
  // Before the first invocation: every handler builds its DynamoDB client on first use from this variable.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoDb.url;
  let events: EventRecord[] = [];
  const putEvents = runtime.bus.putEvents.bind(runtime.bus);
  runtime.bus.putEvents = (entries) => {
    const result = putEvents(entries);
    (entries ?? []).forEach((entry: PutEventsEntry, i) => {
      if (result.Entries[i] && 'EventId' in result.Entries[i]!) {
        events.push({ bus: String(entry.EventBusName), source: String(entry.Source), detailType: String(entry.DetailType), chunks: Math.max(1, Math.ceil(putEventsEntrySize(entry) / (64 * 1024))) });
      }
    });
    return result;
  };
  const sfn = new SFNClient({ endpoint: runtime.sfnUrl, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const desk = deskClient(runtime);
  let windowStart = 0;
  let mailsAtStart = 0;
  const openWindow = async () => {
    await runtime.idle();
    meter.reset();
    dynamoDb.reset();
    events = [];
    mailsAtStart = (await runtime.ses.listMessages()).length;
    windowStart = performance.now();
  };
  const closeWindow = async (): Promise<Window> => {
    await runtime.idle();
    return { invocations: [...meter.records()], dynamoDb: [...dynamoDb.records()], events: [...events], emails: (await runtime.ses.listMessages()).length - mailsAtStart, wallMs: Math.round(performance.now() - windowStart) };
  };
  try {
    // Warm-up, not measured: loads every handler module (a warm container is the common case) and leaves a
    // contract waiting for its shipment, to receive the extra partner events later.
    log('warm-up: one contract signed, its L/C issued, its booking reference recorded');
    const waiting = benchContract('CW', 1, { inspection: false });
    const waitingId = await createAndSign(desk, waiting.input);
    const lc = waiting.input.paymentTerms as { lcNumber: string; expiryDate: string; latestShipmentDate: string };
    await desk.publish(lcIssued({ lcNumber: lc.lcNumber, issueDate: (await desk.nowAsync()).slice(0, 10), expiryDate: lc.expiryDate, expiryPlace: 'SHANGHAI', currency: waiting.input.currency, amount: waiting.input.totalAmount, latestShipmentDate: lc.latestShipmentDate }));
    const current = await desk.waitFor(waitingId, (c) => c.paymentStage === 'PAYMENT_OUTSTANDING');
    const patched = await desk.call('sales', 'PATCH', `/contracts/${waitingId}`, { version: current.contract.version, references: { ...current.contract.references, bookingReferences: [waiting.bookingReference] } });
    if (patched.status !== 200) throw new Error(`warm-up: adding the booking reference answered ${patched.status}`);

    const measured = benchContract('CM', 1);
    log(`measured: ${measured.input.contractNumber} from draft to CLOSED`);
    await openWindow();
    const contractId = await lcContractToClosed(desk, measured.input, () => undefined, measured.bookingReference);
    const executionArn = `${runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${contractId}`;
    let status = 'RUNNING';
    for (const deadline = performance.now() + 20 * SECOND; status === 'RUNNING' && performance.now() < deadline; ) {
      status = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status ?? 'UNKNOWN';
      if (status === 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const lifecycle = await closeWindow();
    const history: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: false, ...(nextToken ? { nextToken } : {}) }));
      history.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const scheduled = history.filter((e) => e.type === 'TaskScheduled');
    const byResourceType: Record<string, number> = {};
    for (const e of scheduled) byResourceType[e.taskScheduledEventDetails?.resourceType ?? '?'] = (byResourceType[e.taskScheduledEventDetails?.resourceType ?? '?'] ?? 0) + 1;
    const timeline = (await desk.call('manager', 'GET', `/contracts/${contractId}/timeline`)).body as { items: Array<{ type: string; stage?: string }> };

    const extra = 10;
    log(`marginal: ${extra} carrier ETA updates (DCSA ARRI, EST) for the waiting contract`);
    await openWindow();
    const now = Date.parse(await desk.nowAsync());
    const etas = Array.from({ length: extra }, (_, i) => {
      const eta = transportEvent('ARRI', { bookingReference: waiting.bookingReference, classifier: 'EST', at: new Date(now + (30 + i) * 86_400_000).toISOString(), location: 'NLRTM' });
      // An estimate is about the future, but it was created now (a future creation time is implausible).
      eta.Detail = JSON.stringify({ ...(JSON.parse(eta.Detail) as object), eventCreatedDateTime: new Date(now - 60_000).toISOString() });
      return eta;
    });
    // One at a time, as a carrier sends them (days apart): ten at once would measure contention on one item.
    for (const eta of etas) {
      await desk.publish(eta);
      await runtime.idle();
    }
    const extraWindow = await closeWindow();
    const applied = extraWindow.invocations.filter((i) => i.functionId === 'ingest-partner-event' && (i.result as { status?: string } | undefined)?.status === 'applied').length;

    const direct = new DynamoDBClient({ endpoint: runtime.dynamoDbUrl, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const read = await direct.send(new GetItemCommand({ TableName: 'tradeflow', Key: { pk: { S: `CONTRACT#${contractId}` }, sk: { S: 'META' } }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
    direct.destroy();

    return {
      contractNumber: measured.input.contractNumber,
      lifecycle,
      history: {
        stateEntered: history.filter((e) => e.type?.endsWith('StateEntered')).length,
        lambdaTasksScheduled: byResourceType.lambda ?? 0,
        taskScheduledByResourceType: byResourceType,
        events: history.length,
        status,
      },
      stagesEntered: timeline.items.filter((e) => e.type === 'stageEntered').map((e) => e.stage ?? '?'),
      extraPartnerEvents: { count: extra, window: extraWindow, applied },
      contractItemReadUnits: read.ConsumedCapacity?.CapacityUnits ?? Number.NaN,
    };
  } finally {
    sfn.destroy();
    meter.stop();
    await runtime.stop();
    await dynamoDb.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
