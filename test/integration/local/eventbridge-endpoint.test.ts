import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventRules } from '../../../infra/event-rules';
import { LocalEventBus, type EventBridgeEvent } from '../../../infra/local/eventbridge/local-event-bus';
import { startPutEventsEndpoint, type PutEventsEndpoint } from '../../../infra/local/eventbridge/put-events-endpoint';

describe('local EventBridge endpoint with the real AWS SDK client', () => {
  const delivered: Array<{ functionId: string; event: EventBridgeEvent }> = [];
  let bus: LocalEventBus;
  let endpoint: PutEventsEndpoint;
  let client: EventBridgeClient;

  beforeAll(async () => {
    bus = new LocalEventBus({ rules: eventRules, invoke: (functionId, event) => void delivered.push({ functionId, event }) });
    endpoint = await startPutEventsEndpoint(bus, { port: 0 });
    client = new EventBridgeClient({
      endpoint: endpoint.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await endpoint.close();
    await bus.close();
  });
  beforeEach(() => {
    delivered.length = 0;
  });

  it('accepts PutEvents and delivers to the matching rule target', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'tradeflow-partner',
            Source: 'partner.bank.commerzbank',
            DetailType: 'LetterOfCredit.Issued',
            Detail: JSON.stringify({ lcNumber: 'LC-2026-118', amount: { value: '250000.00', currency: 'EUR' } }),
            Time: new Date('2026-12-03T09:30:00Z'),
          },
        ],
      }),
    );
    await bus.waitUntilIdle();

    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivered).toEqual([
      {
        functionId: 'ingest-partner-event',
        event: expect.objectContaining({
          id: result.Entries?.[0]?.EventId,
          source: 'partner.bank.commerzbank',
          'detail-type': 'LetterOfCredit.Issued',
          time: '2026-12-03T09:30:00Z',
          detail: { lcNumber: 'LC-2026-118', amount: { value: '250000.00', currency: 'EUR' } },
        }),
      },
    ]);
  });

  it('reports failed entries the way EventBridge does', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'tradeflow-domain', Source: 'tradeflow.contracts', DetailType: 'ContractStageChanged', Detail: 'not json' },
          { EventBusName: 'tradeflow-domain', Source: 'tradeflow.contracts', DetailType: 'ContractStageChanged', Detail: '{"contractId":"TC-9"}' },
        ],
      }),
    );
    await bus.waitUntilIdle();
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(delivered.map((d) => d.functionId)).toEqual(['notify-customer']);
  });

  it('surfaces a refused request as a ValidationException to the SDK', async () => {
    const entries = Array.from({ length: 11 }, () => ({
      EventBusName: 'tradeflow-domain',
      Source: 'tradeflow.contracts',
      DetailType: 'ContractStageChanged',
      Detail: '{}',
    }));
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/less than or equal to 10/),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers other operations with UnknownOperationException', async () => {
    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });
});
