import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../infra/local/dynamodb-local';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitForExit = async (pid: number) => {
  for (let i = 0; i < 50 && isAlive(pid); i += 1) await new Promise((done) => setTimeout(done, 20));
  return !isAlive(pid);
};

describe('DynamoDB Local (in memory)', () => {
  let db: DynamoDbLocal;
  beforeAll(async () => {
    db = await startDynamoDbLocal({ port: 0, tableName: 'tradeflow-test' });
    console.info(`DynamoDB Local in memory: answering after ${db.startup.readyMs} ms, table ready after ${db.startup.totalMs} ms`);
  });
  afterAll(async () => db?.stop());

  it('creates the table from the design, with its GSIs, stream and TTL', async () => {
    expect(db.startup.tableCreated).toBe(true);
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: 'tradeflow-test' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const ttl = await db.client.send(new DescribeTimeToLiveCommand({ TableName: 'tradeflow-test' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('enforces a unique contract number in a transaction, as DynamoDB does', async () => {
    const doc = DynamoDBDocumentClient.from(db.client);
    const create = (contractId: string) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: db.tableName,
                Item: { pk: `CONTRACT#${contractId}`, sk: 'META', gsi1pk: 'STAGE#DRAFT', gsi1sk: `2026-12-03T08:00:00Z#${contractId}` },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: db.tableName,
                Item: { pk: 'CONTRACTNO#HH-2026-0042', sk: 'UNIQUE', contractId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    await create('TC-1');
    await expect(create('TC-2')).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const byStage = await doc.send(
      new QueryCommand({ TableName: db.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :s', ExpressionAttributeValues: { ':s': 'STAGE#DRAFT' } }),
    );
    expect(byStage.Items?.map((item) => item.pk)).toEqual(['CONTRACT#TC-1']);
  });

  it('refuses a table name DynamoDB would refuse', async () => {
    await expect(startDynamoDbLocal({ tableName: 'tf' })).rejects.toThrow(/3 to 255/);
  });
});

describe('DynamoDB Local (persisted)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tradeflow-ddb-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across a restart and leaves no java process behind', async () => {
    const first = await startDynamoDbLocal({ dbPath: dir });
    console.info(`DynamoDB Local on disk: answering after ${first.startup.readyMs} ms, table ready after ${first.startup.totalMs} ms`);
    await DynamoDBDocumentClient.from(first.client).send(
      new PutCommand({ TableName: first.tableName, Item: { pk: 'CONTRACT#TC-3', sk: 'META', incoterm: 'FOB', portOfLoading: 'CNSHA' } }),
    );
    await first.stop();
    expect(await waitForExit(first.pid)).toBe(true);

    const second = await startDynamoDbLocal({ dbPath: dir });
    try {
      expect(second.startup.tableCreated).toBe(false);
      const { Item } = await DynamoDBDocumentClient.from(second.client).send(
        new GetCommand({ TableName: second.tableName, Key: { pk: 'CONTRACT#TC-3', sk: 'META' } }),
      );
      expect(Item).toMatchObject({ incoterm: 'FOB', portOfLoading: 'CNSHA' });
    } finally {
      await second.stop();
    }
    expect(isAlive(second.pid)).toBe(false);
  });
});
