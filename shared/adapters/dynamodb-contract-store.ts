/**
 * The `ContractStore` port over Tradeflow's single table (infra/table-design.ts). Every key below comes from
 * one of the table's access patterns; every read is a GetItem, a Query or a BatchGetItem — never a Scan.
 *
 * Item layout (pk / sk; GSI keys on the contract item only):
 *
 * | item                 | pk                              | sk                           | notes                                        |
 * |----------------------|---------------------------------|------------------------------|----------------------------------------------|
 * | contract             | `CONTRACT#<id>`                 | `META`                       | gsi1..gsi4, see {@link contractIndexKeys}    |
 * | timeline entry       | `CONTRACT#<id>`                 | `TL#<atIso>#<ulid>`          | ULID keeps same-instant entries in order     |
 * | evidence             | `CONTRACT#<id>`                 | `EV#<recordedAtIso>#<evidenceId>` | what counts: one Query per contract     |
 * | withdrawn evidence   | `CONTRACT#<id>`                 | `EVW#<recordedAtIso>#<evidenceId>`| superseded/retracted; `EV` reads both  |
 * | partner fact version | `CONTRACT#<id>`                 | `PF#<publisher>#<eventId>`   | the version on record of one partner event   |
 * | partner event → contract | `PFREF#<publisher>#<eventId>` | `CONTRACT#<id>`              | finds the contracts a retraction withdraws from |
 * | wait                 | `CONTRACT#<id>`                 | `WAIT#<waitId>`              |                                              |
 * | approval             | `CONTRACT#<id>`                 | `APPROVAL#<approvalId>`      |                                              |
 * | contract number      | `CONTRACTNO#<NUMBER>`           | `UNIQUE`                     | upper-cased: one number, whatever the case   |
 * | reference            | `REF#<PO/BOOKING/BL/LC>#<VALUE>`| `CONTRACT#<id>`              | value trimmed and upper-cased                |
 * | flag                 | `FLAG#<flag>`                   | `CONTRACT#<id>`              | written with the contract when flags change  |
 * | partner event seen   | `PEVT#<dedupeKey>`              | `EVENT`                      | `expiresAt` TTL, 400 days                    |
 * | side effect done     | `ONCE#<key>`                    | `ONCE`                       | `expiresAt` TTL                              |
 * | quarantined (list)   | `QUARANTINE#<yyyy-mm>`          | `<receivedAtIso>#<id>`       |                                              |
 * | quarantined (by id)  | `QID#<id>`                      | `QUARANTINE`                 | same data, so getQuarantined is one GetItem  |
 * | quarantine months    | `QUARANTINE#MONTHS`             | `MONTHS`                     | string set of the month partitions in use    |
 *
 * GSIs of the contract item (all read newest/latest first):
 * - gsi1 `STAGE#<stage>` / `<stageEnteredAt.main ?? updatedAt>#<id>` — the main-track stage;
 * - gsi2 `CUSTOMER#<customerId>` / `<createdAt>#<id>`;
 * - gsi3 `OWNER#<owner.userId>` / `<stage>#<id>` — as in the table design: grouped by stage, so owner + stage
 *   is a key condition (`begins_with`);
 * - gsi4 `CONTRACTS` / `<createdAt>#<id>` — the unfiltered list. One GSI partition holds every contract:
 *   fine for trade-contract volumes (a partition takes ~1 000 writes/s; contracts change a few times a
 *   day); gsi4's scheduler items live under `DUE#<yyyy-mm-dd>` partitions and never meet these.
 *
 * Combined list filters: the key is the most selective filter — customer, then owner (+ stage), then flag,
 * then stage, else everything — and the other filters become a FilterExpression (for the flag work list,
 * a check on the fetched contracts). A page may then hold fewer than `limit` contracts; its cursor
 * continues after the last item DynamoDB read.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import * as z from 'zod';
import { systemClock, type Clock } from '../domain/clock';
import { ContractSchema } from '../domain/contract';
import type { Approval, ContractRecord, QuarantinedEvent, TimelineEntry, Wait } from '../domain/contract-record';
import { DomainError, badRequest, conflict, notFound } from '../domain/errors';
import { Evidence } from '../domain/evidence';
import { stageNames, type Stage } from '../domain/lifecycle';
import { compareVersions, type PartnerFactVersion, type WithdrawnEvidence } from '../domain/partner-facts';
import type { ContractStore, ListFilter, ReferenceKind } from '../use-cases/ports';

// ---------------------------------------------------------------------------------------------------------
// Keys and rules shared with the in-memory store (so both order, filter and conflict alike)
// ---------------------------------------------------------------------------------------------------------

/** Partner-event dedupe markers live this long; a redelivery after 400 days is recorded again. */
export const PARTNER_EVENT_RETENTION_DAYS = 400;

/** A partner may write `bl 123 ` where the contract says `BL 123`: references match trimmed and upper-cased. */
export const normaliseReference = (value: string): string => value.trim().toUpperCase();
/** Contract numbers are unique whatever their letter case. */
export const normaliseContractNumber = (value: string): string => value.trim().toUpperCase();

type StoredReferenceKind = Exclude<ReferenceKind, 'CONTRACT'>;

/**
 * The partner references a contract is found by: PO number, booking references, B/L numbers and the L/C
 * number (from `references` and from L/C payment terms), normalised and without duplicates.
 *
 * @example referencesOf(contract) // [{ kind: 'PO', value: 'VDM-PO-88213' }, { kind: 'LC', value: 'ING-DC-27-004411' }]
 */
export function referencesOf(contract: ContractRecord['contract']): Array<{ kind: StoredReferenceKind; value: string }> {
  const r = contract.references;
  const raw: Array<[StoredReferenceKind, string | undefined]> = [
    ['PO', r.poNumber],
    ...r.bookingReferences.map((v): [StoredReferenceKind, string] => ['BOOKING', v]),
    ...r.billOfLadingNumbers.map((v): [StoredReferenceKind, string] => ['BL', v]),
    ['LC', r.lcNumber],
    ['LC', contract.paymentTerms.method === 'LC' ? contract.paymentTerms.lcNumber : undefined],
  ];
  const seen = new Map<string, { kind: StoredReferenceKind; value: string }>();
  for (const [kind, value] of raw) {
    if (value === undefined || value.trim() === '') continue;
    const normalised = normaliseReference(value);
    seen.set(`${kind}#${normalised}`, { kind, value: normalised });
  }
  return [...seen.values()];
}

/** The index a list reads; `flag` is the base-table `FLAG#<flag>` partition. */
export type ContractListIndex = 'gsi1' | 'gsi2' | 'gsi3' | 'gsi4' | 'flag';

export interface ContractListPlan {
  index: ContractListIndex;
  /** Partition key value queried. */
  partition: string;
  /** Sort-key prefix (owner + stage). */
  sortPrefix?: string;
  /** Filters the key does not answer. */
  residual: ListFilter;
}

const ALL_CONTRACTS = 'CONTRACTS';

/**
 * Which index answers a filter, and which filters remain. Most selective first: a customer's contracts,
 * then an owner's (by stage when asked), then a flag's work list, then a stage, else every contract.
 *
 * @example planContractList({ ownerId: 'u-1', stage: 'SIGNED' }) // { index: 'gsi3', partition: 'OWNER#u-1', sortPrefix: 'SIGNED#', residual: {} }
 */
export function planContractList(filter: ListFilter): ContractListPlan {
  const { stage, customerId, ownerId, flag } = filter;
  const only = (f: ListFilter): ListFilter => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ListFilter;
  if (customerId !== undefined) return { index: 'gsi2', partition: `CUSTOMER#${customerId}`, residual: only({ stage, ownerId, flag }) };
  if (ownerId !== undefined) {
    return { index: 'gsi3', partition: `OWNER#${ownerId}`, ...(stage !== undefined ? { sortPrefix: `${stage}#` } : {}), residual: only({ flag }) };
  }
  if (flag !== undefined) return { index: 'flag', partition: `FLAG#${flag}`, residual: only({ stage }) };
  if (stage !== undefined) return { index: 'gsi1', partition: `STAGE#${stage}`, residual: {} };
  return { index: 'gsi4', partition: ALL_CONTRACTS, residual: {} };
}

/** The GSI attributes of a contract item. */
export function contractIndexKeys(record: ContractRecord) {
  const id = record.contract.id;
  return {
    gsi1pk: `STAGE#${record.stage}`,
    gsi1sk: `${record.stageEnteredAt.main ?? record.updatedAt}#${id}`,
    gsi2pk: `CUSTOMER#${record.contract.customerId}`,
    gsi2sk: `${record.createdAt}#${id}`,
    gsi3pk: `OWNER#${record.contract.owner.userId}`,
    gsi3sk: `${record.stage}#${id}`,
    gsi4pk: ALL_CONTRACTS,
    gsi4sk: `${record.createdAt}#${id}`,
  };
}

/** The sort key a contract has in a list index; lists read it descending. */
export function listSortKey(record: ContractRecord, index: ContractListIndex): string {
  if (index === 'flag') return `CONTRACT#${record.contract.id}`;
  const keys = contractIndexKeys(record);
  return keys[`${index}sk`];
}

/** Whether a contract satisfies every given filter (the in-memory store and the flag work list use it). */
export function matchesListFilter(record: ContractRecord, filter: ListFilter): boolean {
  return (
    (filter.stage === undefined || record.stage === filter.stage) &&
    (filter.customerId === undefined || record.contract.customerId === filter.customerId) &&
    (filter.ownerId === undefined || record.contract.owner.userId === filter.ownerId) &&
    (filter.flag === undefined || record.flags.includes(filter.flag))
  );
}

/** The error `put` throws on a lost optimistic-concurrency race; use cases retry on `code === 'StaleVersion'`. */
export function staleVersion(current: number | undefined): DomainError {
  const now = current === undefined ? '' : ` (version ${current} is current)`;
  return new DomainError(409, 'StaleVersion', `The contract was changed by someone else${now}; reload and try again.`);
}

export const contractNumberTaken = (contractNumber: string): DomainError =>
  conflict('ContractNumberTaken', `Contract number ${contractNumber} is already used by another contract.`);

export const contractExists = (contractId: string): DomainError => conflict('ContractExists', `Contract ${contractId} already exists.`);

/** The 400 for a cursor the store did not issue, or issued for another filter. */
export const invalidCursor = (): DomainError =>
  badRequest('cursor is not valid', [
    { path: 'cursor', rule: 'cursor.opaque', message: 'Pass back the cursor of the previous page unchanged, with the same filter.' },
  ]);

/** base64url JSON; `undefined` when the text is not one this module wrote (re-encoding must give it back). */
export function decodeOpaque(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) return undefined;
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return undefined;
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const encodeOpaque = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** DynamoDB rejects `undefined`; the domain uses it for absent optionals. Drops them, deeply. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutUndefined(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Set)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Item schemas: every item is checked when read; a corrupt item fails loudly, naming its key
// ---------------------------------------------------------------------------------------------------------

const StageSchema = z.enum(stageNames as [Stage, ...Stage[]]);

const ContractRecordSchema = z.looseObject({
  contract: ContractSchema,
  stage: StageSchema,
  paymentStage: StageSchema.optional(),
  logisticsStage: StageSchema.optional(),
  overlays: z.array(
    z.object({
      kind: z.enum(['ON_HOLD', 'DISPUTED']),
      openedAt: z.string(),
      openedBy: z.string(),
      reason: z.string(),
      closedAt: z.string().optional(),
    }),
  ),
  escalation: z.partialRecord(StageSchema, z.number()),
  flags: z.array(z.string()),
  executionArn: z.string().optional(),
  pendingApprovalId: z.string().optional(),
  createdAt: z.string().min(1),
  updatedAt: z.string().min(1),
  stageEnteredAt: z.partialRecord(z.enum(['main', 'payment', 'logistics']), z.string()),
  expected: z.partialRecord(
    z.enum(['ETD', 'ETA', 'DELIVERY']),
    z.object({ at: z.string(), classifier: z.enum(['EST', 'PLN']), source: z.string() }),
  ),
});

const TIMELINE_TYPES = [
  'stageEntered',
  'evidence',
  'evidenceIgnored',
  'evidenceWithdrawn',
  'partnerFactOutdated',
  'escalated',
  'exception',
  'overlay',
  'approval',
  'emailSent',
  'transitionRefused',
  'contractUpdated',
  'cancelled',
] as const satisfies ReadonlyArray<TimelineEntry['type']>;

const TimelineEntrySchema = z
  .looseObject({ type: z.enum(TIMELINE_TYPES), at: z.string().min(1), evidence: z.unknown().optional() })
  .superRefine((entry, ctx) => {
    if (entry.type !== 'evidence' && entry.type !== 'evidenceWithdrawn') return;
    const parsed = Evidence.safeParse(entry.evidence);
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['evidence'], message: z.prettifyError(parsed.error) });
  });

const WaitSchema: z.ZodType<Wait> = z.object({
  contractId: z.string().min(1),
  waitId: z.string().min(1),
  stage: StageSchema,
  taskToken: z.string().min(1),
  executionId: z.string(),
  status: z.enum(['OPEN', 'RESOLVED', 'SUPERSEDED', 'DEAD']),
  createdAt: z.string().min(1),
});

const ApprovalSchema: z.ZodType<Approval> = z.object({
  contractId: z.string().min(1),
  approvalId: z.string().min(1),
  waitId: z.string(),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'SUPERSEDED']),
  reasons: z.array(z.string()),
  requestedAt: z.string().min(1),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  comment: z.string().optional(),
});

const QuarantinedEventSchema: z.ZodType<QuarantinedEvent> = z.object({
  quarantineId: z.string().min(1),
  receivedAt: z.string().min(1),
  reason: z.enum(['UNKNOWN_FORMAT', 'SCHEMA', 'NO_MATCHING_CONTRACT', 'CONTRACT_CLOSED', 'APPLY_FAILED']),
  message: z.string(),
  issues: z.array(z.unknown()).optional(),
  event: z.object({
    source: z.string(),
    'detail-type': z.string(),
    detail: z.unknown(),
    id: z.string().optional(),
    time: z.string().optional(),
  }),
  status: z.enum(['QUARANTINED', 'REPLAYED']),
  replayedAt: z.string().optional(),
  linkedContractId: z.string().optional(),
});

const QuarantineMonthsSchema = z.object({ months: z.set(z.string().regex(/^\d{4}-\d{2}$/)) });

type Item = Record<string, unknown>;

function readItem<T>(schema: z.ZodType<T>, value: unknown, item: Item, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`Corrupt ${what} item ${String(item.pk)} / ${String(item.sk)} in the contract store:\n${z.prettifyError(parsed.error)}`);
}

const readContract = (item: Item): ContractRecord => readItem(ContractRecordSchema, item.record, item, 'contract') as unknown as ContractRecord;
const readTimelineEntry = (item: Item): TimelineEntry =>
  readItem(TimelineEntrySchema, item.entry, item, 'timeline') as unknown as TimelineEntry;
const readEvidence = (item: Item): Evidence => readItem(Evidence, item.evidence, item, 'evidence');
const WithdrawalSchema = z.object({ reason: z.enum(['SUPERSEDED', 'RETRACTED']), at: z.string().min(1), byVersion: z.string() });
const readWithdrawnEvidence = (item: Item): WithdrawnEvidence => ({ ...readEvidence(item), withdrawn: readItem(WithdrawalSchema, item.withdrawn, item, 'withdrawn evidence') });
const PartnerFactVersionSchema = z.object({
  publisher: z.string().min(1),
  eventId: z.string().min(1),
  version: z.string(),
  status: z.enum(['EFFECTIVE', 'RETRACTED']),
  recordedAt: z.string().min(1),
  evidence: Evidence.optional(),
  expected: z
    .object({ kind: z.enum(['ETD', 'ETA', 'DELIVERY']), at: z.string().min(1), classifier: z.enum(['EST', 'PLN']), location: z.string().optional() })
    .optional(),
});
const readPartnerFact = (item: Item): PartnerFactVersion => readItem(PartnerFactVersionSchema, item.fact, item, 'partner fact');
const readWait = (item: Item): Wait => readItem(WaitSchema, item, item, 'wait');
const readApproval = (item: Item): Approval => readItem(ApprovalSchema, item, item, 'approval');
const readQuarantined = (item: Item): QuarantinedEvent => {
  const { eventJson, issuesJson, ...rest } = item as Item & { eventJson?: string; issuesJson?: string };
  const value = { ...rest, ...(typeof eventJson === 'string' ? { event: JSON.parse(eventJson) } : {}), ...(typeof issuesJson === 'string' ? { issues: JSON.parse(issuesJson) } : {}) };
  return readItem(QuarantinedEventSchema, value, item, 'quarantine');
};

// ---------------------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------------------

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Key = { pk: string; sk: string };

const TRANSACTION_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
const BATCH_GET_LIMIT = 100;
/** A filtered list reads at most this many DynamoDB pages before it returns a short page with a cursor. */
const MAX_QUERY_ROUNDS = 10;

const keys = {
  contract: (id: string): Key => ({ pk: `CONTRACT#${id}`, sk: 'META' }),
  timeline: (id: string, at: string, unique: string): Key => ({ pk: `CONTRACT#${id}`, sk: `TL#${at}#${unique}` }),
  evidence: (id: string, e: Evidence): Key => ({ pk: `CONTRACT#${id}`, sk: `EV#${e.recordedAt}#${e.evidenceId}` }),
  withdrawnEvidence: (id: string, e: Evidence): Key => ({ pk: `CONTRACT#${id}`, sk: `EVW#${e.recordedAt}#${e.evidenceId}` }),
  partnerFact: (id: string, v: Pick<PartnerFactVersion, 'publisher' | 'eventId'>): Key => ({ pk: `CONTRACT#${id}`, sk: `PF#${v.publisher}#${v.eventId}` }),
  partnerFactReference: (v: Pick<PartnerFactVersion, 'publisher' | 'eventId'>, id: string): Key => ({ pk: `PFREF#${v.publisher}#${v.eventId}`, sk: `CONTRACT#${id}` }),
  wait: (id: string, waitId: string): Key => ({ pk: `CONTRACT#${id}`, sk: `WAIT#${waitId}` }),
  approval: (id: string, approvalId: string): Key => ({ pk: `CONTRACT#${id}`, sk: `APPROVAL#${approvalId}` }),
  contractNumber: (n: string): Key => ({ pk: `CONTRACTNO#${normaliseContractNumber(n)}`, sk: 'UNIQUE' }),
  reference: (kind: StoredReferenceKind, value: string, id: string): Key => ({ pk: `REF#${kind}#${normaliseReference(value)}`, sk: `CONTRACT#${id}` }),
  flag: (flag: string, id: string): Key => ({ pk: `FLAG#${flag}`, sk: `CONTRACT#${id}` }),
  partnerEvent: (dedupeKey: string): Key => ({ pk: `PEVT#${dedupeKey}`, sk: 'EVENT' }),
  once: (key: string): Key => ({ pk: `ONCE#${key}`, sk: 'ONCE' }),
  quarantine: (q: Pick<QuarantinedEvent, 'receivedAt' | 'quarantineId'>): Key => ({ pk: `QUARANTINE#${monthOf(q.receivedAt)}`, sk: `${q.receivedAt}#${q.quarantineId}` }),
  quarantineById: (id: string): Key => ({ pk: `QID#${id}`, sk: 'QUARANTINE' }),
  quarantineMonths: { pk: 'QUARANTINE#MONTHS', sk: 'MONTHS' } as Key,
};

function monthOf(iso: string): string {
  const month = /^(\d{4}-\d{2})-\d{2}T/.exec(iso)?.[1];
  if (!month) throw new Error(`Quarantine: receivedAt must be an ISO instant, got ${iso}`);
  return month;
}

const GSI_ATTRIBUTES: Record<ContractListIndex, { pk: string; sk: string; index?: string }> = {
  gsi1: { pk: 'gsi1pk', sk: 'gsi1sk', index: 'gsi1' },
  gsi2: { pk: 'gsi2pk', sk: 'gsi2sk', index: 'gsi2' },
  gsi3: { pk: 'gsi3pk', sk: 'gsi3sk', index: 'gsi3' },
  gsi4: { pk: 'gsi4pk', sk: 'gsi4sk', index: 'gsi4' },
  flag: { pk: 'pk', sk: 'sk' },
};

const errorName = (error: unknown): string | undefined => (error as { name?: string } | null)?.name;

/** Index of the first transaction item DynamoDB refused, and why; undefined when it was no cancellation. */
function cancellationOf(error: unknown): Array<string | undefined> | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
  if (reasons) return reasons.map((r) => r.Code);
  // Without reasons (older DynamoDB Local), the message lists them: "[ConditionalCheckFailed, None]".
  const listed = /\[([^\]]*)\]/.exec((error as Error).message)?.[1];
  return listed?.split(',').map((s) => s.trim());
}

/**
 * The contract store over DynamoDB.
 *
 * Why: use cases depend on the `ContractStore` port; this adapter owns the key design, the transactions
 * that keep guard/reference/flag items in step with the contract, and the validation of what it reads.
 * The clock only dates TTL items (`claimOnce`, partner-event markers); it defaults to the system clock.
 *
 * @example
 * const store = makeDynamoDbContractStore({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName: 'tradeflow' });
 * await store.create(record);
 * const page = await store.list({ stage: 'SIGNED' }, 50);
 */
export function makeDynamoDbContractStore(opts: { client: DynamoDBDocumentClient; tableName: string; clock?: Clock }): ContractStore {
  const { client, tableName: TableName } = opts;
  const clock = opts.clock ?? systemClock;
  const nextUnique = monotonicFactory();
  const nowSeconds = () => Math.floor(clock.now() / 1000);

  async function getItem(key: Key): Promise<Item | undefined> {
    const out = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const out = await client.send(new QueryCommand({ TableName, ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  const queryPrefix = (pk: string, prefix: string, extra: Partial<QueryCommandInput> = {}) =>
    queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ...extra,
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix, ...extra.ExpressionAttributeValues },
      ConsistentRead: true,
    });

  async function transact(items: TransactItem[]): Promise<void> {
    if (items.length > TRANSACTION_LIMIT) throw new Error(`Contract store: a transaction of ${items.length} items exceeds DynamoDB's ${TRANSACTION_LIMIT}`);
    await client.send(new TransactWriteCommand({ TransactItems: items }));
  }

  async function batchPut(items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
      let requests = { [TableName]: items.slice(i, i + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } })) };
      for (let attempt = 0; ; attempt++) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: requests }));
        const left = out.UnprocessedItems?.[TableName];
        if (!left?.length) break;
        if (attempt >= 8) throw new Error(`Contract store: ${left.length} items stayed unprocessed after ${attempt + 1} batch writes`);
        await new Promise((done) => setTimeout(done, 25 * 2 ** attempt));
        requests = { [TableName]: left as typeof requests[string] };
      }
    }
  }

  async function batchGetContracts(ids: string[]): Promise<ContractRecord[]> {
    const found = new Map<string, ContractRecord>();
    for (let i = 0; i < ids.length; i += BATCH_GET_LIMIT) {
      let Keys: Item[] = ids.slice(i, i + BATCH_GET_LIMIT).map((id) => keys.contract(id));
      for (let attempt = 0; Keys.length; attempt++) {
        const out = await client.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[TableName] ?? []) {
          const record = readContract(item);
          found.set(record.contract.id, record);
        }
        Keys = out.UnprocessedKeys?.[TableName]?.Keys ?? [];
        if (Keys.length && attempt >= 8) throw new Error(`Contract store: ${Keys.length} contracts stayed unprocessed after ${attempt + 1} batch reads`);
        if (Keys.length) await new Promise((done) => setTimeout(done, 25 * 2 ** attempt));
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  const put = (Item: Item, condition?: Pick<TransactItem['Put'] & object, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): TransactItem => ({
    Put: { TableName, Item: withoutUndefined(Item), ...condition },
  });
  const del = (Key: Key): TransactItem => ({ Delete: { TableName, Key } });
  const mustBeNew = (now?: number) =>
    now === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now', ExpressionAttributeValues: { ':now': now } };

  const contractItem = (record: ContractRecord): Item => ({
    ...keys.contract(record.contract.id),
    itemType: 'CONTRACT',
    version: record.contract.version,
    stage: record.stage,
    customerId: record.contract.customerId,
    ownerId: record.contract.owner.userId,
    contractNumber: record.contract.contractNumber,
    flags: record.flags,
    ...contractIndexKeys(record),
    record,
  });
  const contractNumberItem = (contract: ContractRecord['contract']): Item => ({
    ...keys.contractNumber(contract.contractNumber),
    itemType: 'CONTRACTNO',
    contractNumber: contract.contractNumber,
    contractId: contract.id,
  });
  const referenceItem = (id: string, ref: { kind: StoredReferenceKind; value: string }): Item => ({
    ...keys.reference(ref.kind, ref.value, id),
    itemType: 'REF',
    kind: ref.kind,
    value: ref.value,
    contractId: id,
  });
  const flagItem = (id: string, flag: string): Item => ({ ...keys.flag(flag, id), itemType: 'FLAG', flag, contractId: id });
  const timelineItem = (id: string, entry: TimelineEntry): Item => ({ ...keys.timeline(id, entry.at, nextUnique()), itemType: 'TIMELINE', contractId: id, entry });

  const refKey = (r: { kind: string; value: string }) => `${r.kind}#${r.value}`;

  async function currentVersion(id: string): Promise<number | undefined> {
    const item = await getItem(keys.contract(id));
    return item ? readContract(item).contract.version : undefined;
  }

  // -- lists -------------------------------------------------------------------------------------------

  function decodeListCursor(cursor: string, plan: ContractListPlan): Item {
    const decoded = decodeOpaque(cursor) as { i?: unknown; k?: unknown } | undefined;
    const attrs = GSI_ATTRIBUTES[plan.index];
    const expected = new Set(['pk', 'sk', attrs.pk, attrs.sk]);
    const k = decoded?.k as Record<string, unknown> | undefined;
    const valid =
      decoded?.i === plan.index &&
      k !== null &&
      typeof k === 'object' &&
      Object.keys(k).length === expected.size &&
      Object.entries(k).every(([name, value]) => expected.has(name) && typeof value === 'string') &&
      k[attrs.pk] === plan.partition &&
      (plan.sortPrefix === undefined || String(k[attrs.sk]).startsWith(plan.sortPrefix));
    if (!valid) throw invalidCursor();
    return k as Item;
  }

  function listQuery(plan: ContractListPlan): Omit<QueryCommandInput, 'TableName'> {
    const attrs = GSI_ATTRIBUTES[plan.index];
    const names: Record<string, string> = { '#pk': attrs.pk };
    const values: Record<string, unknown> = { ':pk': plan.partition };
    let keyCondition = '#pk = :pk';
    if (plan.sortPrefix !== undefined) {
      names['#sk'] = attrs.sk;
      values[':prefix'] = plan.sortPrefix;
      keyCondition += ' AND begins_with(#sk, :prefix)';
    }
    const filters: string[] = [];
    if (plan.index !== 'flag') {
      // The contract item carries stage, customerId, ownerId and flags as top-level copies for these filters.
      const filterOn = (attribute: string, value: string | undefined, condition: string) => {
        if (value === undefined) return;
        names[`#${attribute}`] = attribute;
        values[`:${attribute}`] = value;
        filters.push(condition);
      };
      const { stage, customerId, ownerId, flag } = plan.residual;
      filterOn('stage', stage, '#stage = :stage');
      filterOn('customerId', customerId, '#customerId = :customerId');
      filterOn('ownerId', ownerId, '#ownerId = :ownerId');
      filterOn('flags', flag, 'contains(#flags, :flags)');
    }
    return {
      ...(attrs.index ? { IndexName: attrs.index } : {}),
      KeyConditionExpression: keyCondition,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    };
  }

  // -- quarantine ----------------------------------------------------------------------------------------

  async function quarantineMonths(): Promise<string[]> {
    const item = await getItem(keys.quarantineMonths);
    if (!item) return [];
    return [...readItem(QuarantineMonthsSchema, item, item, 'quarantine months').months].sort().reverse();
  }

  // The partner's event is kept as JSON text: whatever it contains (a `__proto__` key, deep nesting,
  // empty strings) is stored as received and cannot make the write fail.
  const quarantineItems = (q: QuarantinedEvent): TransactItem[] => {
    const { event, issues, ...rest } = q;
    const stored = { itemType: 'QUARANTINE', ...rest, eventJson: JSON.stringify(event), ...(issues ? { issuesJson: JSON.stringify(issues) } : {}) };
    return [put({ ...keys.quarantineById(q.quarantineId), ...stored }), put({ ...keys.quarantine(q), ...stored })];
  };

  const store: ContractStore = {
    async create(record) {
      const { contract } = record;
      const items: TransactItem[] = [
        put(contractItem(record), mustBeNew()),
        put(contractNumberItem(contract), mustBeNew()),
        ...referencesOf(contract).map((ref) => put(referenceItem(contract.id, ref))),
        ...[...new Set(record.flags)].map((flag) => put(flagItem(contract.id, flag))),
      ];
      try {
        await transact(items);
      } catch (error) {
        const reasons = cancellationOf(error);
        if (reasons?.[0] === 'ConditionalCheckFailed') throw contractExists(contract.id);
        if (reasons?.[1] === 'ConditionalCheckFailed') throw contractNumberTaken(contract.contractNumber);
        throw error;
      }
    },

    async get(contractId) {
      const item = await getItem(keys.contract(contractId));
      return item ? readContract(item) : undefined;
    },

    async put(record, expectedVersion, timeline = []) {
      const { contract } = record;
      const id = contract.id;
      if (contract.version !== expectedVersion + 1) {
        throw new Error(`Contract store: put of ${id} must carry version ${expectedVersion + 1} (expected ${expectedVersion} + 1), got ${contract.version}`);
      }
      const stored = await getItem(keys.contract(id));
      if (!stored) throw notFound(`Contract ${id}`);
      const current = readContract(stored);
      if (current.contract.version !== expectedVersion) throw staleVersion(current.contract.version);

      const items: TransactItem[] = [
        put(contractItem(record), {
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ];
      let numberAt: number | undefined;
      if (normaliseContractNumber(current.contract.contractNumber) !== normaliseContractNumber(contract.contractNumber)) {
        items.push(del(keys.contractNumber(current.contract.contractNumber)));
        numberAt = items.length;
        items.push(put(contractNumberItem(contract), mustBeNew()));
      }
      const before = new Map(referencesOf(current.contract).map((r) => [refKey(r), r]));
      const after = new Map(referencesOf(contract).map((r) => [refKey(r), r]));
      for (const [k, ref] of before) if (!after.has(k)) items.push(del(keys.reference(ref.kind, ref.value, id)));
      for (const [k, ref] of after) if (!before.has(k)) items.push(put(referenceItem(id, ref)));
      const flagsBefore = new Set(current.flags);
      const flagsAfter = new Set(record.flags);
      for (const flag of flagsBefore) if (!flagsAfter.has(flag)) items.push(del(keys.flag(flag, id)));
      for (const flag of flagsAfter) if (!flagsBefore.has(flag)) items.push(put(flagItem(id, flag)));

      const room = Math.max(0, TRANSACTION_LIMIT - items.length);
      const timelineItems = timeline.map((entry) => timelineItem(id, entry));
      items.push(...timelineItems.slice(0, room).map((item) => put(item)));
      try {
        await transact(items);
      } catch (error) {
        const reasons = cancellationOf(error);
        if (reasons?.[0] === 'ConditionalCheckFailed' || reasons?.[0] === 'TransactionConflict') throw staleVersion(await currentVersion(id));
        if (numberAt !== undefined && reasons?.[numberAt] === 'ConditionalCheckFailed') throw contractNumberTaken(contract.contractNumber);
        throw error;
      }
      // Only when more than fits one transaction: the contract is written; the rest of its timeline follows.
      if (timelineItems.length > room) await batchPut(timelineItems.slice(room).map(withoutUndefined));
    },

    async list(filter, limit, cursor) {
      const plan = planContractList(filter);
      const pageSize = Math.max(1, Math.floor(limit));
      let startKey = cursor === undefined ? undefined : decodeListCursor(cursor, plan);
      const query = listQuery(plan);
      const items: ContractRecord[] = [];
      for (let round = 0; round < MAX_QUERY_ROUNDS && items.length < pageSize; round++) {
        const out = await client.send(
          new QueryCommand({ TableName, ...query, Limit: pageSize - items.length, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
        );
        const found = out.Items ?? [];
        if (plan.index === 'flag') {
          const records = await batchGetContracts(found.map((item) => String(item.contractId)));
          items.push(...records.filter((r) => matchesListFilter(r, plan.residual)));
        } else {
          items.push(...found.map(readContract));
        }
        startKey = out.LastEvaluatedKey;
        if (!startKey) break;
      }
      return { items, ...(startKey ? { cursor: encodeOpaque({ i: plan.index, k: startKey }) } : {}) };
    },

    async findByReference(kind, value) {
      if (kind === 'CONTRACT') {
        const item = await getItem(keys.contractNumber(value));
        return typeof item?.contractId === 'string' ? [item.contractId] : [];
      }
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `REF#${kind}#${normaliseReference(value)}` },
      });
      return items.map((item) => String(item.contractId));
    },

    async appendTimeline(contractId, entries) {
      await batchPut(entries.map((entry) => withoutUndefined(timelineItem(contractId, entry))));
    },

    async timeline(contractId) {
      return (await queryPrefix(keys.contract(contractId).pk, 'TL#')).map(readTimelineEntry);
    },

    async recordEvidence(contractId, evidence, dedupeKey) {
      const now = nowSeconds();
      const entry: TimelineEntry = { type: 'evidence', at: evidence.recordedAt, evidence };
      const items: TransactItem[] = [
        { ConditionCheck: { TableName, Key: keys.contract(contractId), ConditionExpression: 'attribute_exists(pk)' } },
        put(
          {
            ...keys.partnerEvent(dedupeKey),
            itemType: 'PEVT',
            contractId,
            evidenceId: evidence.evidenceId,
            expiresAt: now + PARTNER_EVENT_RETENTION_DAYS * 86_400,
          },
          mustBeNew(now),
        ),
        put({ ...keys.evidence(contractId, evidence), itemType: 'EVIDENCE', contractId, evidence }),
        put(timelineItem(contractId, entry)),
      ];
      try {
        await transact(items);
        return true;
      } catch (error) {
        const reasons = cancellationOf(error);
        if (reasons?.[0] === 'ConditionalCheckFailed') throw notFound(`Contract ${contractId}`);
        if (reasons?.[1] === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },

    async evidence(contractId) {
      return (await queryPrefix(keys.contract(contractId).pk, 'EV#')).map(readEvidence);
    },

    async evidenceWithWithdrawn(contractId) {
      // `EV#` (counts) and `EVW#` (withdrawn) share the prefix `EV`: one Query reads both.
      const items = await queryPrefix(keys.contract(contractId).pk, 'EV');
      return {
        effective: items.filter((item) => String(item.sk).startsWith('EV#')).map(readEvidence),
        withdrawn: items.filter((item) => String(item.sk).startsWith('EVW#')).map(readWithdrawnEvidence),
      };
    },

    async applyPartnerFact(contractId, next, timeline = []) {
      const key = keys.partnerFact(contractId, next);
      for (let attempt = 0; ; attempt++) {
        const item = await getItem(key);
        const current = item ? readPartnerFact(item) : undefined;
        const order = compareVersions(current, next);
        if (order !== 'newer') return { outcome: order === 'same' ? 'duplicate' : 'outdated', current: current! };
        const entries: TimelineEntry[] = [];
        const items: TransactItem[] = [
          { ConditionCheck: { TableName, Key: keys.contract(contractId), ConditionExpression: 'attribute_exists(pk)' } },
          put(
            { ...key, itemType: 'PARTNER_FACT', contractId, version: next.version, fact: next },
            current
              ? { ConditionExpression: '#version = :current', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':current': current.version } }
              : mustBeNew(),
          ),
        ];
        if (!current) items.push(put({ ...keys.partnerFactReference(next, contractId), itemType: 'PFREF', contractId }));
        const old = current?.evidence;
        if (old) {
          const reason = next.status === 'RETRACTED' ? 'RETRACTED' : 'SUPERSEDED';
          const withdrawn = { reason, at: next.recordedAt, byVersion: next.version } as const;
          items.push(del(keys.evidence(contractId, old)));
          items.push(put({ ...keys.withdrawnEvidence(contractId, old), itemType: 'EVIDENCE_WITHDRAWN', contractId, evidence: old, withdrawn }));
          entries.push({ type: 'evidenceWithdrawn', at: next.recordedAt, reason, byVersion: next.version, evidence: old });
        }
        if (next.evidence) {
          items.push(put({ ...keys.evidence(contractId, next.evidence), itemType: 'EVIDENCE', contractId, evidence: next.evidence }));
          entries.push({ type: 'evidence', at: next.evidence.recordedAt, evidence: next.evidence });
        }
        items.push(...[...entries, ...timeline].map((entry) => put(timelineItem(contractId, entry))));
        try {
          await transact(items);
          return { outcome: 'applied', ...(current ? { replaced: current } : {}) };
        } catch (error) {
          const reasons = cancellationOf(error);
          if (reasons?.[0] === 'ConditionalCheckFailed') throw notFound(`Contract ${contractId}`);
          // Another delivery wrote a version of this event first: read it again and decide again.
          if ((reasons?.[1] === 'ConditionalCheckFailed' || reasons?.includes('TransactionConflict')) && attempt < 5) continue;
          throw error;
        }
      }
    },

    async findByPartnerEvent(publisher, eventId) {
      const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.partnerFactReference({ publisher, eventId }, '').pk } });
      return items.map((item) => String(item.contractId));
    },

    async partnerFacts(contractId) {
      return (await queryPrefix(keys.contract(contractId).pk, 'PF#')).map(readPartnerFact);
    },

    async putWait(wait) {
      await client.send(new PutCommand({ TableName, Item: withoutUndefined({ ...keys.wait(wait.contractId, wait.waitId), itemType: 'WAIT', ...wait }) }));
    },

    async openWaits(contractId) {
      const items = await queryPrefix(keys.contract(contractId).pk, 'WAIT#', {
        FilterExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'OPEN' },
      });
      return items.map(readWait);
    },

    async closeWait(contractId, waitId, status) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: keys.wait(contractId, waitId),
            UpdateExpression: 'SET #status = :status',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': status, ':open': 'OPEN' },
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async putApproval(approval) {
      await client.send(
        new PutCommand({ TableName, Item: withoutUndefined({ ...keys.approval(approval.contractId, approval.approvalId), itemType: 'APPROVAL', ...approval }) }),
      );
    },

    async getApproval(contractId, approvalId) {
      const item = await getItem(keys.approval(contractId, approvalId));
      return item ? readApproval(item) : undefined;
    },

    async decideApproval(approval) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: withoutUndefined({ ...keys.approval(approval.contractId, approval.approvalId), itemType: 'APPROVAL', ...approval }),
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'PENDING' },
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async claimOnce(key, ttlDays) {
      if (!(ttlDays > 0)) throw new Error(`claimOnce(${key}): ttlDays must be positive, got ${ttlDays}`);
      const now = nowSeconds();
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...keys.once(key), itemType: 'ONCE', key, claimedAt: new Date(clock.now()).toISOString(), expiresAt: now + Math.ceil(ttlDays * 86_400) },
            ...mustBeNew(now),
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async quarantine(event) {
      const existing = await getItem(keys.quarantineById(event.quarantineId));
      const items = quarantineItems(event);
      const listKey = keys.quarantine(event);
      if (existing) {
        const old = keys.quarantine(readQuarantined(existing));
        if (old.pk !== listKey.pk || old.sk !== listKey.sk) items.push(del(old));
      }
      items.push({
        Update: {
          TableName,
          Key: keys.quarantineMonths,
          UpdateExpression: 'ADD #months :month SET itemType = :type',
          ExpressionAttributeNames: { '#months': 'months' },
          ExpressionAttributeValues: { ':month': new Set([monthOf(event.receivedAt)]), ':type': 'QUARANTINE_MONTHS' },
        },
      });
      await transact(items);
    },

    async listQuarantine(limit, cursor) {
      const months = await quarantineMonths();
      const pageSize = Math.max(1, Math.floor(limit));
      let position: { m: string; k?: Item } | undefined;
      if (cursor !== undefined) {
        const decoded = decodeOpaque(cursor) as { i?: unknown; m?: unknown; k?: unknown } | undefined;
        const m = decoded?.m;
        const k = decoded?.k as Record<string, unknown> | undefined;
        const valid =
          decoded?.i === 'quarantine' &&
          typeof m === 'string' &&
          months.includes(m) &&
          (k === undefined ||
            (k !== null &&
              typeof k === 'object' &&
              Object.keys(k).sort().join() === 'pk,sk' &&
              k.pk === `QUARANTINE#${m}` &&
              typeof k.sk === 'string'));
        if (!valid) throw invalidCursor();
        position = { m, ...(k ? { k: k as Item } : {}) };
      } else if (months[0] !== undefined) {
        position = { m: months[0] };
      }
      const items: QuarantinedEvent[] = [];
      for (let round = 0; position && round < MAX_QUERY_ROUNDS && items.length < pageSize; round++) {
        const out: { Items?: Item[]; LastEvaluatedKey?: Item } = await client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `QUARANTINE#${position.m}` },
            ScanIndexForward: false,
            Limit: pageSize - items.length,
            ...(position.k ? { ExclusiveStartKey: position.k } : {}),
          }),
        );
        items.push(...(out.Items ?? []).map(readQuarantined));
        if (out.LastEvaluatedKey) position = { m: position.m, k: out.LastEvaluatedKey };
        else {
          const older = months[months.indexOf(position.m) + 1];
          position = older === undefined ? undefined : { m: older };
        }
      }
      return { items, ...(position ? { cursor: encodeOpaque({ i: 'quarantine', ...position }) } : {}) };
    },

    async getQuarantined(quarantineId) {
      const item = await getItem(keys.quarantineById(quarantineId));
      return item ? readQuarantined(item) : undefined;
    },

    async markReplayed(quarantineId, at, linkedContractId) {
      const item = await getItem(keys.quarantineById(quarantineId));
      if (!item) throw notFound(`Quarantined event ${quarantineId}`);
      const replayed: QuarantinedEvent = { ...readQuarantined(item), status: 'REPLAYED', replayedAt: at, ...(linkedContractId ? { linkedContractId } : {}) };
      await transact(quarantineItems(replayed));
    },

    // Desk documents (issue 6): one item per document, the body as JSON text, optimistic on `version`.
    async getDocument(key) {
      const item = await getItem(documentKey(key));
      if (!item) return undefined;
      const parsed = readItem(StoredDocumentSchema, item, item, 'document');
      return { body: JSON.parse(parsed.body) as unknown, version: parsed.version };
    },

    async putDocument(key, body, expectedVersion) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...documentKey(key), itemType: 'DOCUMENT', key, body: JSON.stringify(body), version: expectedVersion + 1 },
            ...(expectedVersion === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
  };
  return store;
}

// Desk documents (issue 6)
const documentKey = (key: string): Key => ({ pk: `DOC#${key}`, sk: 'DOC' });
const StoredDocumentSchema = z.object({ body: z.string(), version: z.number().int().min(1) });
