/**
 * What the desk keeps on a contract: its exceptions (with the escalation history and who was told) and
 * the tasks the playbooks created (with who has them and why). Plain data on the contract record.
 */
import type { Stage } from '../lifecycle';
import type { Assignee } from './assignment';
import type { Audience, Channel } from './escalation-tree';
import type { ExceptionClassId, Severity } from './exception-classes';
import type { TaskTypeId } from './playbooks';

export interface Notified {
  email: string;
  audience: Audience;
  channel: Channel;
  level: number;
  at: string;
}

export interface ExceptionCase {
  exceptionId: string;
  exceptionClass: ExceptionClassId;
  severity: Severity;
  severityReasons: string[];
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  message: string;
  source: { kind: 'timeout'; stage: Stage } | { kind: 'flag'; flag: string } | { kind: 'manual'; by: string };
  raisedAt: string;
  /** Escalation level reached (1 when raised). */
  level: number;
  /** Last acknowledgement, task completion or escalation-level change by a person: "time without action" counts from here. */
  lastActionAt: string;
  notified: Notified[];
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: string;
}

export interface TaskAssignment {
  at: string;
  assignee: Assignee;
  explanation: string[];
  /** Why it moved (absent, by hand), for reassignments. */
  reason?: string;
}

export interface DeskTask {
  taskId: string;
  type: TaskTypeId;
  title: string;
  exceptionId?: string;
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  createdAt: string;
  dueAt: string;
  assignee: Assignee;
  /** Every assignment, the first included, with its explanation. */
  assignments: TaskAssignment[];
  doneAt?: string;
  doneBy?: string;
  note?: string;
}

/** A rendered portal feed item (the portal is future work; the feed is kept so every channel says the same). */
export interface FeedItem {
  at: string;
  to: string;
  audience: Audience;
  urgency: string;
  title: string;
  body: string;
  template: string;
}

export interface DeskState {
  exceptions: ExceptionCase[];
  tasks: DeskTask[];
  /** Newest last; capped. */
  feed: FeedItem[];
}

export const FEED_CAP = 100;

export const emptyDesk = (): DeskState => ({ exceptions: [], tasks: [], feed: [] });
