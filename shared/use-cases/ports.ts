/**
 * The ports the use cases need. Adapters in shared/adapters implement them over DynamoDB, Step Functions,
 * EventBridge and SES; tests pass in-memory fakes. Use cases never see an AWS SDK type.
 */
import type { Clock } from '../domain/clock';
import type { Approval, ContractRecord, QuarantinedEvent, TimelineEntry, Wait } from '../domain/contract-record';
import type { Evidence } from '../domain/evidence';
import type { PartnerFactVersion, WithdrawnEvidence } from '../domain/partner-facts';
import type { Stage } from '../domain/lifecycle';

export type ReferenceKind = 'PO' | 'BOOKING' | 'BL' | 'LC' | 'CONTRACT';

export interface ListFilter {
  stage?: Stage;
  customerId?: string;
  ownerId?: string;
  flag?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

export interface ContractStore {
  /** Creates the record; fails with `conflict` when the contract number is taken. */
  create(record: ContractRecord): Promise<void>;
  get(contractId: string): Promise<ContractRecord | undefined>;
  /** Writes the record if the stored version is `expectedVersion` (then version = expectedVersion + 1). */
  put(record: ContractRecord, expectedVersion: number, timeline?: TimelineEntry[]): Promise<void>;
  list(filter: ListFilter, limit: number, cursor?: string): Promise<Page<ContractRecord>>;
  findByReference(kind: ReferenceKind, value: string): Promise<string[]>;

  appendTimeline(contractId: string, entries: TimelineEntry[]): Promise<void>;
  timeline(contractId: string): Promise<TimelineEntry[]>;
  /**
   * Records evidence once per partner identity (publisher + event id + update time). Returns false when the
   * same fact was recorded before: the caller then does nothing else.
   */
  recordEvidence(contractId: string, evidence: Evidence, dedupeKey: string): Promise<boolean>;
  /** The evidence that counts (superseded and retracted evidence is left out), oldest recorded first. One Query. */
  evidence(contractId: string): Promise<Evidence[]>;
  /** Effective and withdrawn evidence together, in one Query (the data-conflict check needs both). */
  evidenceWithWithdrawn(contractId: string): Promise<{ effective: Evidence[]; withdrawn: WithdrawnEvidence[] }>;

  /**
   * Applies a version of a partner event to a contract, atomically: when `next.version` is later than the
   * version on record (or none is), it becomes the version on record, the evidence of the replaced version is
   * withdrawn (superseded, or retracted when `next` is a retraction), `evidence` is recorded, and the timeline
   * gets the evidence, the withdrawal and `timeline`. Otherwise nothing is written: `duplicate` for the same
   * version, `outdated` for an older one.
   */
  applyPartnerFact(contractId: string, next: PartnerFactVersion, timeline?: TimelineEntry[]): Promise<PartnerFactOutcome>;
  /** Every partner event's version on record for the contract (one Query). */
  partnerFacts(contractId: string): Promise<PartnerFactVersion[]>;
  /** Contracts holding a version of this partner event: a retraction that names no reference finds them so. */
  findByPartnerEvent(publisher: string, eventId: string): Promise<string[]>;

  putWait(wait: Wait): Promise<void>;
  openWaits(contractId: string): Promise<Wait[]>;
  /** Moves a wait from OPEN to `status`; false when it was no longer open (someone else resumed it). */
  closeWait(contractId: string, waitId: string, status: Exclude<Wait['status'], 'OPEN'>): Promise<boolean>;

  putApproval(approval: Approval): Promise<void>;
  getApproval(contractId: string, approvalId: string): Promise<Approval | undefined>;
  /** PENDING → decided, once; false when it was already decided or superseded. */
  decideApproval(approval: Approval): Promise<boolean>;

  /** Remembers that a side effect (e-mail, notification) happened; false when it already had. */
  claimOnce(key: string, ttlDays: number): Promise<boolean>;

  quarantine(event: QuarantinedEvent): Promise<void>;
  listQuarantine(limit: number, cursor?: string): Promise<Page<QuarantinedEvent>>;
  getQuarantined(quarantineId: string): Promise<QuarantinedEvent | undefined>;
  markReplayed(quarantineId: string, at: string, linkedContractId?: string): Promise<void>;

  // Desk documents (issue 6): policies with their history, people's task lists. Small, versioned JSON.
  /** A document and its version (1 after the first write), or undefined when it was never written. */
  getDocument(key: string): Promise<StoredDocument | undefined>;
  /** Writes `body` as version expectedVersion + 1 if the stored version is `expectedVersion` (0: absent); false when someone wrote first. */
  putDocument(key: string, body: unknown, expectedVersion: number): Promise<boolean>;
}

export interface StoredDocument {
  body: unknown;
  version: number;
}

export type PartnerFactOutcome =
  | { outcome: 'applied'; replaced?: PartnerFactVersion }
  | { outcome: 'duplicate' | 'outdated'; current: PartnerFactVersion };

export interface Workflow {
  /** Starts the contract's execution; idempotent for the same contract. Returns the execution ARN. */
  start(contractId: string): Promise<string>;
  /** Resumes a waiting state. Returns false when the token is no longer valid (timed out, already used). */
  resume(taskToken: string, output: unknown): Promise<boolean>;
  fail(taskToken: string, error: string, cause: string): Promise<boolean>;
}

export interface DomainEvents {
  publish(detailType: string, detail: Record<string, unknown>): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

export interface Ports {
  store: ContractStore;
  workflow: Workflow;
  events: DomainEvents;
  mailer: Mailer;
  clock: Clock;
  newId: () => string;
}
