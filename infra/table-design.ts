import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single DynamoDB table of Tradeflow, as data. The CDK stack builds its `TableV2` from it and the local
 * runtime creates the same table in DynamoDB Local from it, so keys, indexes, TTL and stream settings are
 * written down once. The access patterns below are the contract between the adapters that read and write
 * items: every key an adapter builds must come from one of these templates.
 */

/** DynamoDB scalar key types; values equal CDK's `AttributeType` enum values. */
export type KeyAttributeType = 'S' | 'N' | 'B';

/** One key attribute. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

/** A global secondary index. All of ours project ALL, so reads never need a second fetch. */
export interface GlobalIndexDesign {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: 'ALL';
  /** What the index answers. */
  readonly purpose: string;
}

/**
 * One access pattern: which index, and the key templates. Placeholders are `<name>`; everything else is
 * literal. `skBeginsWith` marks a query that reads a range by sort-key prefix rather than one item.
 */
export interface AccessPattern {
  readonly name: string;
  readonly description: string;
  /** `table` for the base table, else a GSI name. */
  readonly index: string;
  readonly pk: string;
  readonly sk: string;
  readonly skBeginsWith?: string;
}

/** The whole table. */
export interface TableDesign {
  /** Logical name; the deployed name comes from the stack (and from config locally). */
  readonly logicalName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly timeToLiveAttribute: string;
  readonly stream: 'NEW_AND_OLD_IMAGES';
  readonly globalSecondaryIndexes: readonly GlobalIndexDesign[];
  readonly accessPatterns: readonly AccessPattern[];
}

const gsi = (n: 1 | 2 | 3 | 4, purpose: string): GlobalIndexDesign => ({
  name: `gsi${n}`,
  partitionKey: { name: `gsi${n}pk`, type: 'S' },
  sortKey: { name: `gsi${n}sk`, type: 'S' },
  projection: 'ALL',
  purpose,
});

/**
 * The design of table `tradeflow`.
 *
 * @example
 * const byId = tradeflowTable.accessPatterns.find((p) => p.name === 'contract-by-id');
 * // byId.pk === 'CONTRACT#<contractId>', byId.sk === 'META'
 */
export const tradeflowTable = {
  logicalName: 'tradeflow',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    gsi(1, 'Contracts by stage'),
    gsi(2, 'Contracts by customer'),
    gsi(3, 'Contracts by owner (the trade clerk responsible)'),
    gsi(4, 'Due schedule items and reminders by time bucket, polled by the scheduler'),
  ],
  accessPatterns: [
    { name: 'contract-by-id', description: 'The contract item itself.', index: 'table', pk: 'CONTRACT#<contractId>', sk: 'META' },
    {
      name: 'contract-timeline',
      description: 'Evidence timeline of a contract, oldest first.',
      index: 'table',
      pk: 'CONTRACT#<contractId>',
      sk: 'TL#<occurredAtIso>#<evidenceId>',
      skBeginsWith: 'TL#',
    },
    {
      name: 'contract-waits',
      description: 'Open waits of a contract, with the Step Functions task token to resume it.',
      index: 'table',
      pk: 'CONTRACT#<contractId>',
      sk: 'WAIT#<waitId>',
      skBeginsWith: 'WAIT#',
    },
    {
      name: 'contract-approvals',
      description: 'Approvals requested or given for a contract.',
      index: 'table',
      pk: 'CONTRACT#<contractId>',
      sk: 'APPROVAL#<approvalId>',
      skBeginsWith: 'APPROVAL#',
    },
    {
      name: 'unique-contract-number',
      description: 'Guard item written in the same transaction as the contract, so a number is used once.',
      index: 'table',
      pk: 'CONTRACTNO#<contractNumber>',
      sk: 'UNIQUE',
    },
    {
      name: 'contract-by-reference',
      description: 'Correlates a partner reference (B/L number, LC number, PO number…) to the contract.',
      index: 'table',
      pk: 'REF#<referenceKind>#<referenceValue>',
      sk: 'CONTRACT#<contractId>',
    },
    {
      name: 'partner-event-dedupe',
      description: 'Marks a partner event as seen (conditional put) so redeliveries are ignored; expires via TTL.',
      index: 'table',
      pk: 'PEVT#<publisher>#<eventId>',
      sk: 'EVENT',
    },
    {
      name: 'contract-evidence',
      description: 'Evidence that counts (EV#) and withdrawn evidence (EVW#: superseded or retracted); the prefix EV reads both in one Query.',
      index: 'table',
      pk: 'CONTRACT#<contractId>',
      sk: 'EV#<recordedAtIso>#<evidenceId>',
      skBeginsWith: 'EV',
    },
    {
      name: 'contract-partner-facts',
      description: 'The version on record of each partner event for a contract (corrections replace it, retractions withdraw it).',
      index: 'table',
      pk: 'CONTRACT#<contractId>',
      sk: 'PF#<publisher>#<eventId>',
      skBeginsWith: 'PF#',
    },
    {
      name: 'contracts-by-partner-event',
      description: 'The contracts holding a version of a partner event, for a retraction that names no reference.',
      index: 'table',
      pk: 'PFREF#<publisher>#<eventId>',
      sk: 'CONTRACT#<contractId>',
    },
    {
      name: 'quarantine-by-month',
      description: 'Partner events that could not be mapped, per month, for the clerk to review.',
      index: 'table',
      pk: 'QUARANTINE#<yyyy-mm>',
      sk: '<receivedAtIso>#<quarantineId>',
    },
    {
      name: 'contracts-by-flag',
      description: 'Contracts carrying a flag (e.g. discrepancy, overdue) for work lists.',
      index: 'table',
      pk: 'FLAG#<flag>',
      sk: 'CONTRACT#<contractId>',
    },
    {
      name: 'contracts-by-stage',
      description: 'Contracts in a stage, longest-waiting first.',
      index: 'gsi1',
      pk: 'STAGE#<stage>',
      sk: '<enteredStageAtIso>#<contractId>',
    },
    {
      name: 'contracts-by-customer',
      description: "A customer's contracts, newest first when read backwards.",
      index: 'gsi2',
      pk: 'CUSTOMER#<customerId>',
      sk: '<createdAtIso>#<contractId>',
    },
    {
      name: 'contracts-by-owner',
      description: "A clerk's contracts, grouped by stage.",
      index: 'gsi3',
      pk: 'OWNER#<ownerId>',
      sk: '<stage>#<contractId>',
    },
    {
      name: 'due-items-by-bucket',
      description: 'Schedule items and reminders due in one day bucket, in due order; the scheduler polls this.',
      index: 'gsi4',
      pk: 'DUE#<yyyy-mm-dd>',
      sk: '<dueAtIso>#<contractId>#<itemId>',
    },
  ],
} as const satisfies TableDesign;

/**
 * Builds the `CreateTable` request for a design, for DynamoDB Local and for scripts.
 *
 * Why: the local runtime must create exactly the table CDK deploys; deriving both from one design does that.
 * TTL is a separate API call in DynamoDB, hence the second input.
 *
 * @example
 * const { createTable, timeToLive } = toCreateTableInput(tradeflowTable, 'tradeflow-local');
 * await client.send(new CreateTableCommand(createTable));
 * await client.send(new UpdateTimeToLiveCommand(timeToLive));
 */
export function toCreateTableInput(
  design: TableDesign,
  tableName: string,
): { createTable: CreateTableCommandInput; timeToLive: UpdateTimeToLiveCommandInput } {
  const keyAttributes = [
    design.partitionKey,
    design.sortKey,
    ...design.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const definitions = new Map<string, KeyAttributeType>();
  for (const attribute of keyAttributes) {
    const known = definitions.get(attribute.name);
    if (known !== undefined && known !== attribute.type) {
      throw new Error(`Table design ${design.logicalName}: attribute ${attribute.name} is declared as both ${known} and ${attribute.type}`);
    }
    definitions.set(attribute.name, attribute.type);
  }
  return {
    createTable: {
      TableName: tableName,
      BillingMode: design.billingMode,
      AttributeDefinitions: [...definitions].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
      KeySchema: [
        { AttributeName: design.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: design.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: design.stream },
    },
    timeToLive: {
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: design.timeToLiveAttribute, Enabled: true },
    },
  };
}

/**
 * Fills a key template from `accessPatterns`. Throws when a placeholder has no value or a value would
 * break the key structure (contains `#`), because a malformed key silently misses every query.
 *
 * @example
 * fillKeyTemplate('CONTRACT#<contractId>', { contractId: 'TC-2026-0042' }); // 'CONTRACT#TC-2026-0042'
 */
export function fillKeyTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/<([A-Za-z0-9-]+)>/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Key template ${template}: no value for <${name}>`);
    if (value.includes('#')) throw new Error(`Key template ${template}: <${name}> must not contain '#', got ${value}`);
    return value;
  });
}
