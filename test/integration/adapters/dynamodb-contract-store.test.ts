import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../../infra/local/dynamodb-local';
import { tradeflowTable } from '../../../infra/table-design';
import { makeDynamoDbContractStore } from '../../../shared/adapters/dynamodb-contract-store';
import { fixedClock } from '../../../shared/domain/clock';
import { aRecord, describeContractStore } from './contract-store.contract';

let db: DynamoDbLocal;
let doc: DynamoDBDocumentClient;
let tables = 0;
/** Every command the stores sent, by name: no Scan may be among them. */
const sent = new Set<string>();

beforeAll(async () => {
  db = await startDynamoDbLocal({ tableName: 'tradeflow-test' });
  doc = DynamoDBDocumentClient.from(db.client, { marshallOptions: { removeUndefinedValues: true } });
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  (doc as unknown as { send: (command: unknown) => Promise<unknown> }).send = (command: unknown) => {
    sent.add((command as object).constructor.name);
    return send(command);
  };
});
afterAll(async () => db?.stop());

/** A fresh table per test (~80 ms in DynamoDB Local), so lists see only what the test wrote. */
async function freshStore() {
  const tableName = `tradeflow-${++tables}`;
  await ensureTable(db.client, tradeflowTable, tableName);
  const clock = fixedClock('2026-03-01T08:00:00Z');
  return { tableName, clock, store: makeDynamoDbContractStore({ client: doc, tableName, clock }) };
}

describeContractStore('DynamoDB', freshStore);

describe('DynamoDB contract store: items', () => {
  it('writes the contract with its index keys, number guard and reference items', async () => {
    // Prepare
    const { store, tableName } = await freshStore();
    const record = aRecord({ contractNumber: 'SJT-2026-0412', stage: 'SIGNED', customerId: 'CUST-NL-0042', ownerId: 'u-sales-017', flags: ['LC_DISCREPANCY'], at: '2026-03-02T09:00:00.000Z' });
    const id = record.contract.id;
    // Act
    await store.create(record);
    // Assess
    const meta = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CONTRACT#${id}`, sk: 'META' } }));
    expect(meta.Item).toMatchObject({
      version: 1,
      gsi1pk: 'STAGE#SIGNED', gsi1sk: `2026-03-02T09:00:00.000Z#${id}`,
      gsi2pk: 'CUSTOMER#CUST-NL-0042', gsi2sk: `2026-03-02T09:00:00.000Z#${id}`,
      gsi3pk: 'OWNER#u-sales-017', gsi3sk: `SIGNED#${id}`,
      gsi4pk: 'CONTRACTS', gsi4sk: `2026-03-02T09:00:00.000Z#${id}`,
    });
    const guard = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'CONTRACTNO#SJT-2026-0412', sk: 'UNIQUE' } }));
    expect(guard.Item).toMatchObject({ contractId: id });
    for (const pk of ['REF#PO#VDM-PO-88213', 'REF#LC#ING-DC-27-004411', 'FLAG#LC_DISCREPANCY']) {
      const item = await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk: `CONTRACT#${id}` } }));
      expect(item.Item).toMatchObject({ contractId: id });
    }
  });

  it('dates claimOnce and partner-event markers for TTL, in epoch seconds', async () => {
    const { store, tableName, clock } = await freshStore();
    await store.claimOnce('REMIND#c-1#latestShipment#7', 400);
    const once = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'ONCE#REMIND#c-1#latestShipment#7', sk: 'ONCE' } }));
    expect(once.Item?.expiresAt).toBe(Math.floor(clock.now() / 1000) + 400 * 86_400);
  });

  it('fails loudly, naming the key, on an item that is not a contract', async () => {
    const { store, tableName } = await freshStore();
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'CONTRACT#01JBROKEN', sk: 'META', record: { stage: 'NOWHERE' } } }));
    await expect(store.get('01JBROKEN')).rejects.toThrow(/Corrupt contract item CONTRACT#01JBROKEN \/ META/);
  });

  it('keeps timeline sort keys unique for entries of the same instant', async () => {
    const { store, tableName } = await freshStore();
    const record = aRecord();
    await store.create(record);
    const at = '2026-03-03T00:00:00.000Z';
    await store.appendTimeline(record.contract.id, Array.from({ length: 30 }, () => ({ type: 'stageEntered' as const, at, track: 'main' as const, stage: 'DRAFT' as const })));
    const out = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tl)', ExpressionAttributeValues: { ':pk': `CONTRACT#${record.contract.id}`, ':tl': 'TL#' } }));
    expect(out.Items).toHaveLength(30);
    expect(out.Items?.every((item) => String(item.sk).startsWith(`TL#${at}#`))).toBe(true);
  });
});

describe('DynamoDB contract store: access', () => {
  it('never scanned, in any test above', () => {
    expect(sent).toContain('QueryCommand');
    expect([...sent]).not.toContain('ScanCommand');
  });
});
