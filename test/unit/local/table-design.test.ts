import { fillKeyTemplate, toCreateTableInput, tradeflowTable, type TableDesign } from '../../../infra/table-design';

describe('tradeflow table design', () => {
  const { createTable, timeToLive } = toCreateTableInput(tradeflowTable, 'tradeflow-test');

  it('builds an on-demand table keyed by pk/sk with a new-and-old-images stream', () => {
    expect(createTable).toMatchObject({
      TableName: 'tradeflow-test',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('declares four string-keyed GSIs projecting ALL', () => {
    expect(createTable.GlobalSecondaryIndexes).toEqual(
      [1, 2, 3, 4].map((n) => ({
        IndexName: `gsi${n}`,
        KeySchema: [
          { AttributeName: `gsi${n}pk`, KeyType: 'HASH' },
          { AttributeName: `gsi${n}sk`, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('defines each key attribute exactly once (DynamoDB refuses unused or repeated definitions)', () => {
    const names = createTable.AttributeDefinitions?.map((d) => d.AttributeName);
    expect(names).toEqual(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk']);
    expect(createTable.AttributeDefinitions?.every((d) => d.AttributeType === 'S')).toBe(true);
  });

  it('enables TTL on expiresAt', () => {
    expect(timeToLive).toEqual({ TableName: 'tradeflow-test', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
  });

  it('refuses a design that gives one attribute two types', () => {
    const clash: TableDesign = { ...tradeflowTable, sortKey: { name: 'pk', type: 'N' } };
    expect(() => toCreateTableInput(clash, 'x-test')).toThrow(/pk is declared as both S and N/);
  });

  it('names an existing index in every access pattern, and each pattern once', () => {
    const indexes = new Set(['table', ...tradeflowTable.globalSecondaryIndexes.map((i) => i.name)]);
    for (const pattern of tradeflowTable.accessPatterns) expect(indexes).toContain(pattern.index);
    const names = tradeflowTable.accessPatterns.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps the agreed key templates', () => {
    const keys = Object.fromEntries(tradeflowTable.accessPatterns.map((p) => [p.name, `${p.pk} | ${p.sk}`]));
    expect(keys).toMatchObject({
      'contract-by-id': 'CONTRACT#<contractId> | META',
      'contract-timeline': 'CONTRACT#<contractId> | TL#<occurredAtIso>#<evidenceId>',
      'contract-waits': 'CONTRACT#<contractId> | WAIT#<waitId>',
      'contract-approvals': 'CONTRACT#<contractId> | APPROVAL#<approvalId>',
      'unique-contract-number': 'CONTRACTNO#<contractNumber> | UNIQUE',
      'contract-by-reference': 'REF#<referenceKind>#<referenceValue> | CONTRACT#<contractId>',
      'partner-event-dedupe': 'PEVT#<publisher>#<eventId> | EVENT',
      'quarantine-by-month': 'QUARANTINE#<yyyy-mm> | <receivedAtIso>#<quarantineId>',
      'contracts-by-flag': 'FLAG#<flag> | CONTRACT#<contractId>',
    });
  });

  it('fills a key template and refuses a value that would break the key', () => {
    expect(fillKeyTemplate('REF#<referenceKind>#<referenceValue>', { referenceKind: 'BL', referenceValue: 'MAEU123456789' })).toBe(
      'REF#BL#MAEU123456789',
    );
    expect(() => fillKeyTemplate('CONTRACT#<contractId>', {})).toThrow(/no value for <contractId>/);
    expect(() => fillKeyTemplate('CONTRACT#<contractId>', { contractId: 'A#B' })).toThrow(/must not contain '#'/);
  });
});
