import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../../shared/domain/clock';
import { eventRules, type EventRule } from '../../../infra/event-rules';
import {
  LocalEventBus,
  PutEventsRequestError,
  type EventBridgeEvent,
  type LocalEventBusOptions,
  type PutEventsEntry,
} from '../../../infra/local/eventbridge/local-event-bus';

const stageChanged = (contractId: string, extra: Partial<PutEventsEntry> = {}): PutEventsEntry => ({
  EventBusName: 'tradeflow-domain',
  Source: 'tradeflow.contracts',
  DetailType: 'ContractStageChanged',
  Detail: JSON.stringify({ contractId, from: 'SIGNED', to: 'LC_ISSUED' }),
  ...extra,
});

const carrierEvent: PutEventsEntry = {
  EventBusName: 'tradeflow-partner',
  Source: 'partner.carrier.maersk',
  DetailType: 'DCSA.TrackAndTrace.Event',
  Detail: JSON.stringify({ eventClassifierCode: 'ACT', transportEventTypeCode: 'DEPA', transportCall: { UNLocationCode: 'DEHAM' } }),
  Resources: ['arn:aws:events:eu-west-1:000000000000:event-bus/tradeflow-partner'],
};

function recordingBus(overrides: Partial<LocalEventBusOptions> = {}) {
  const delivered: Array<{ functionId: string; event: EventBridgeEvent }> = [];
  const bus = new LocalEventBus({
    rules: eventRules,
    invoke: (functionId, event) => {
      delivered.push({ functionId, event });
    },
    clock: fixedClock('2026-12-03T08:15:00Z'),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  });
  return { bus, delivered };
}

describe('LocalEventBus routing', () => {
  it('delivers a matching event to the rule target as an EventBridge-shaped event', async () => {
    // Prepare
    const { bus, delivered } = recordingBus();
    // Act
    const result = bus.putEvents([carrierEvent]);
    await bus.waitUntilIdle();
    // Assess
    expect(result.FailedEntryCount).toBe(0);
    const [entry] = result.Entries;
    expect(entry).toEqual({ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(delivered).toEqual([
      {
        functionId: 'ingest-partner-event',
        event: {
          version: '0',
          id: (entry as { EventId: string }).EventId,
          'detail-type': 'DCSA.TrackAndTrace.Event',
          source: 'partner.carrier.maersk',
          account: '000000000000',
          time: '2026-12-03T08:15:00Z',
          region: 'eu-west-1',
          resources: ['arn:aws:events:eu-west-1:000000000000:event-bus/tradeflow-partner'],
          detail: { eventClassifierCode: 'ACT', transportEventTypeCode: 'DEPA', transportCall: { UNLocationCode: 'DEHAM' } },
        },
      },
    ]);
  });

  it('returns before delivering, as EventBridge does', async () => {
    const { bus, delivered } = recordingBus();
    bus.putEvents([stageChanged('TC-1')]);
    expect(delivered).toHaveLength(0);
    await bus.waitUntilIdle();
    expect(delivered).toHaveLength(1);
  });

  it('routes only to rules of the bus the event was put on', async () => {
    const { bus, delivered } = recordingBus();
    bus.putEvents([stageChanged('TC-1', { EventBusName: 'tradeflow-partner' })]);
    await bus.waitUntilIdle();
    expect(delivered).toHaveLength(0);
  });

  it('accepts a bus ARN and configurable bus names', async () => {
    const { bus, delivered } = recordingBus({ busNames: { partner: 'p-test', domain: 'd-test' } });
    bus.putEvents([stageChanged('TC-1', { EventBusName: 'arn:aws:events:eu-west-1:000000000000:event-bus/d-test' })]);
    await bus.waitUntilIdle();
    expect(delivered.map((d) => d.functionId)).toEqual(['notify-customer']);
  });

  it('uses the entry Time when given (epoch seconds, as the SDK sends it)', async () => {
    const { bus, delivered } = recordingBus();
    bus.putEvents([stageChanged('TC-1', { Time: Date.parse('2027-01-15T10:00:00Z') / 1000 })]);
    await bus.waitUntilIdle();
    expect(delivered[0]?.event.time).toBe('2027-01-15T10:00:00Z');
  });

  it('accepts an event no rule matches, and delivers it nowhere', async () => {
    const { bus, delivered } = recordingBus();
    const result = bus.putEvents([{ ...carrierEvent, Source: 'partner.customs' }]);
    await bus.waitUntilIdle();
    expect(result.FailedEntryCount).toBe(0);
    expect(delivered).toHaveLength(0);
  });
});

describe('LocalEventBus validation (like PutEvents)', () => {
  it.each<[string, PutEventsEntry, string, RegExp]>([
    ['a missing Source', { ...carrierEvent, Source: undefined }, 'InvalidArgument', /Source is a required argument/],
    ['a missing DetailType', { ...carrierEvent, DetailType: undefined }, 'InvalidArgument', /DetailType is a required argument/],
    ['a missing Detail', { ...carrierEvent, Detail: undefined }, 'InvalidArgument', /Detail is a required argument/],
    ['a Detail that is not JSON', { ...carrierEvent, Detail: '{eventClassifierCode:' }, 'MalformedDetail', /Detail is malformed/],
    ['a Detail that is a JSON array', { ...carrierEvent, Detail: '[1,2]' }, 'MalformedDetail', /Detail is malformed/],
    ['a reserved aws.* Source', { ...carrierEvent, Source: 'aws.s3' }, 'NotAuthorizedForSourceException', /Not authorized/],
    ['an unknown bus', { ...carrierEvent, EventBusName: 'tradeflow-nope' }, 'ResourceNotFoundException', /tradeflow-nope does not exist/],
    ['the default bus, which has no rules here', { ...carrierEvent, EventBusName: undefined }, 'ResourceNotFoundException', /default/],
  ])('fails the entry with %s and keeps the others', async (_name, bad, code, message) => {
    const { bus, delivered } = recordingBus();
    const result = bus.putEvents([bad, stageChanged('TC-1')]);
    await bus.waitUntilIdle();
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries[0]).toEqual({ ErrorCode: code, ErrorMessage: expect.stringMatching(message) });
    expect(result.Entries[1]).toEqual({ EventId: expect.any(String) });
    expect(delivered.map((d) => d.functionId)).toEqual(['notify-customer']);
  });

  it('refuses more than 10 entries as a whole request', () => {
    const { bus } = recordingBus();
    const eleven = Array.from({ length: 11 }, (_, i) => stageChanged(`TC-${i}`));
    expect(() => bus.putEvents(eleven)).toThrow(PutEventsRequestError);
    expect(() => bus.putEvents(eleven)).toThrow(/length less than or equal to 10/);
  });

  it('refuses an empty request', () => {
    const { bus } = recordingBus();
    expect(() => bus.putEvents([])).toThrow(/length greater than or equal to 1/);
  });

  it('refuses a request over 256 KB', () => {
    const { bus } = recordingBus();
    const big = JSON.stringify({ contractId: 'TC-1', note: 'x'.repeat(140 * 1024) });
    expect(() => bus.putEvents([stageChanged('TC-1', { Detail: big }), stageChanged('TC-2', { Detail: big })])).toThrow(
      /Total size of the entries in the request is over the limit/,
    );
  });
});

describe('LocalEventBus retries and dead letters', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradeflow-bus-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('retries a failing target and succeeds without a dead letter', async () => {
    let calls = 0;
    const { bus } = recordingBus({
      invoke: async () => {
        calls += 1;
        if (calls < 3) throw new Error('throttled');
      },
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    });
    bus.putEvents([stageChanged('TC-1')]);
    await bus.waitUntilIdle();
    expect(calls).toBe(3);
    expect(bus.listDeadLetters()).toEqual([]);
  });

  it('dead-letters after the last attempt, persists it, and redrives it', async () => {
    let healthy = false;
    const received: EventBridgeEvent[] = [];
    const options: Partial<LocalEventBusOptions> = {
      invoke: (_id, event) => {
        if (!healthy) throw new Error('notify-customer is down');
        received.push(event);
      },
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      dataDir,
    };
    const { bus } = recordingBus(options);
    const { Entries } = bus.putEvents([stageChanged('TC-7')]);
    await bus.waitUntilIdle();

    const [letter] = bus.listDeadLetters();
    expect(letter).toMatchObject({
      ruleName: 'stage-changed-to-notify-customer',
      functionId: 'notify-customer',
      attempts: 2,
      error: 'Error: notify-customer is down',
      event: { id: (Entries[0] as { EventId: string }).EventId, detail: { contractId: 'TC-7' } },
    });
    expect(readFileSync(join(dataDir, 'eventbridge-dead-letters.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);

    // A restarted bus finds the dead letter on disk and can redrive it.
    const { bus: restarted } = recordingBus(options);
    expect(restarted.listDeadLetters().map((l) => l.id)).toEqual([letter?.id]);
    healthy = true;
    expect(restarted.redrive()).toBe(1);
    await restarted.waitUntilIdle();
    expect(received.map((e) => e.id)).toEqual([letter?.event.id]);
    expect(restarted.listDeadLetters()).toEqual([]);
    expect(readFileSync(join(dataDir, 'eventbridge-dead-letters.jsonl'), 'utf8')).toBe('');
  });

  it('redrives only the dead letters asked for', async () => {
    const { bus } = recordingBus({
      invoke: () => {
        throw new Error('down');
      },
      retry: { maxAttempts: 1 },
    });
    bus.putEvents([stageChanged('TC-1'), stageChanged('TC-2')]);
    await bus.waitUntilIdle();
    const [first, second] = bus.listDeadLetters();
    expect(bus.redrive([first?.id as string])).toBe(1);
    await bus.waitUntilIdle();
    // It failed again, so it is back, next to the one left alone.
    expect(bus.listDeadLetters().map((l) => l.event.id).sort()).toEqual([first?.event.id, second?.event.id].sort());
  });

  it('dead-letters deliveries still waiting for a retry when closed, so none is lost', async () => {
    const { bus } = recordingBus({
      invoke: () => {
        throw new Error('down');
      },
      retry: { maxAttempts: 5, baseDelayMs: 60_000 },
    });
    bus.putEvents([stageChanged('TC-1')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await bus.close();
    expect(bus.listDeadLetters()).toEqual([expect.objectContaining({ attempts: 1, error: expect.stringMatching(/closed/) })]);
  });
});

describe('LocalEventBus chaos', () => {
  const tenEvents = Array.from({ length: 10 }, (_, i) => stageChanged(`TC-${i}`));

  it('duplicates deliveries with the given probability, keeping the event id', async () => {
    const { bus, delivered } = recordingBus({ chaos: { duplicateProbability: 1, seed: 7 } });
    bus.putEvents(tenEvents);
    await bus.waitUntilIdle();
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered.map((d) => d.event.id)).size).toBe(10);
  });

  it('reorders within the window, reproducibly for a seed', async () => {
    const run = async (seed: number) => {
      const { bus, delivered } = recordingBus({ chaos: { reorderWindow: 5, seed } });
      bus.putEvents(tenEvents);
      await bus.waitUntilIdle();
      return delivered.map((d) => (d.event.detail as { contractId: string }).contractId);
    };
    const first = await run(42);
    expect(first).toEqual(await run(42));
    expect(first).not.toEqual(tenEvents.map((_, i) => `TC-${i}`));
    // Reordered only within windows of 5: the first five stay ahead of the last five.
    expect(first.slice(0, 5).sort()).toEqual(['TC-0', 'TC-1', 'TC-2', 'TC-3', 'TC-4']);
  });

  it('delivers every accepted event at least once, and exactly once without duplication, whatever the chaos', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        async (count, reorderWindow, duplicateProbability, seed) => {
          const { bus, delivered } = recordingBus({ chaos: { reorderWindow, duplicateProbability, seed } });
          const { Entries } = bus.putEvents(tenEvents.slice(0, count));
          await bus.waitUntilIdle();
          const accepted = Entries.map((entry) => (entry as { EventId: string }).EventId);
          const ids = delivered.map((d) => d.event.id);
          expect(new Set(ids)).toEqual(new Set(accepted));
          expect(ids.length).toBeLessThanOrEqual(2 * count);
          if (duplicateProbability === 0) expect(ids).toHaveLength(count);
        },
      ),
    );
  });

  it('keeps order when no chaos is asked for', async () => {
    const { bus, delivered } = recordingBus();
    bus.putEvents(tenEvents);
    await bus.waitUntilIdle();
    expect(delivered.map((d) => (d.event.detail as { contractId: string }).contractId)).toEqual(tenEvents.map((_, i) => `TC-${i}`));
  });
});

describe('LocalEventBus start-up', () => {
  it('refuses a rule whose pattern EventBridge would refuse', () => {
    const broken: EventRule = {
      name: 'broken',
      description: 'invalid on purpose',
      eventBus: 'domain',
      pattern: { source: [] },
      target: { kind: 'function', functionId: 'x' },
    };
    expect(() => new LocalEventBus({ rules: [broken], invoke: () => undefined })).toThrow(/Empty arrays are not allowed/);
  });
});
