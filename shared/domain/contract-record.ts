/**
 * A contract as Tradeflow keeps it: the validated terms plus where it stands in its lifecycle, and the
 * entries of its timeline. Plain data; the store adapter maps it to DynamoDB items.
 */
import type { Contract } from './contract';
import type { Evidence } from './evidence';
import type { LifecycleState, Stage, UnmetCondition } from './lifecycle';
import type { DeskState } from './policies/desk-model';

export interface Overlay {
  kind: 'ON_HOLD' | 'DISPUTED';
  openedAt: string;
  openedBy: string;
  reason: string;
  closedAt?: string;
}

export interface ContractRecord extends LifecycleState {
  contract: Contract;
  overlays: Overlay[];
  /** Escalation level per waiting stage; 0 or absent when on time. */
  escalation: Partial<Record<Stage, number>>;
  /** Anomaly flags currently raised (see shared/domain/anomalies.ts). */
  flags: string[];
  executionArn?: string;
  /** The approval the contract waits for while PENDING_APPROVAL. */
  pendingApprovalId?: string;
  createdAt: string;
  updatedAt: string;
  /** When the current stage of each track was entered (anomaly rules use it for SLAs). */
  stageEnteredAt: Partial<Record<'main' | 'payment' | 'logistics', string>>;
  /** Expected dates from PLN/EST partner events (ETD/ETA/DELIVERY), newest per kind. */
  expected: Partial<Record<'ETD' | 'ETA' | 'DELIVERY', { at: string; classifier: 'EST' | 'PLN'; source: string }>>;
  /** The desk's exceptions, playbook tasks and portal feed (issue 6); absent until the first exception. */
  desk?: DeskState;
}

export type TimelineEntry =
  | { type: 'stageEntered'; at: string; track: 'main' | 'payment' | 'logistics'; stage: Stage; from?: Stage }
  | { type: 'evidence'; at: string; evidence: Evidence }
  | { type: 'evidenceIgnored'; at: string; reason: string; evidence: Omit<Evidence, 'evidenceId'> }
  /** A later version of the partner event replaced this evidence, or the partner retracted it: it no longer counts. */
  | { type: 'evidenceWithdrawn'; at: string; reason: 'SUPERSEDED' | 'RETRACTED'; byVersion: string; evidence: Evidence }
  /** A version of a partner event older than the one on record arrived late: kept for the record, not applied. */
  | { type: 'partnerFactOutdated'; at: string; publisher: string; eventId: string; version: string; current: string; retraction?: boolean; evidence?: Omit<Evidence, 'evidenceId'>; expected?: { kind: string; at: string; classifier: string } }
  | { type: 'escalated'; at: string; stage: Stage; level: number; notified: string[] }
  | { type: 'exception'; at: string; exceptionClass: string; severity: 'low' | 'medium' | 'high' | 'critical'; message: string; details?: unknown }
  | { type: 'overlay'; at: string; overlay: Overlay['kind']; action: 'opened' | 'closed'; by: string; reason: string }
  | { type: 'approval'; at: string; approvalId: string; action: 'requested' | 'approved' | 'rejected'; by?: string; comment?: string; reasons?: string[] }
  | { type: 'emailSent'; at: string; to: string; subject: string; template: string }
  | { type: 'transitionRefused'; at: string; to: Stage; by: string; unmet: UnmetCondition[] }
  | { type: 'contractUpdated'; at: string; by: string; version: number; fields: string[] }
  | { type: 'cancelled'; at: string; by: string; reason: string };

export interface Wait {
  contractId: string;
  waitId: string;
  stage: Stage;
  taskToken: string;
  executionId: string;
  status: 'OPEN' | 'RESOLVED' | 'SUPERSEDED' | 'DEAD';
  createdAt: string;
}

export interface Approval {
  contractId: string;
  approvalId: string;
  waitId: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'SUPERSEDED';
  reasons: string[];
  requestedAt: string;
  decidedAt?: string;
  decidedBy?: string;
  comment?: string;
}

export interface QuarantinedEvent {
  quarantineId: string;
  receivedAt: string;
  reason: 'UNKNOWN_FORMAT' | 'SCHEMA' | 'NO_MATCHING_CONTRACT' | 'CONTRACT_CLOSED' | 'APPLY_FAILED';
  message: string;
  issues?: unknown[];
  /** The EventBridge event exactly as received, so it can be replayed. */
  event: { source: string; 'detail-type': string; detail: unknown; id?: string; time?: string };
  status: 'QUARANTINED' | 'REPLAYED';
  replayedAt?: string;
  linkedContractId?: string;
}
