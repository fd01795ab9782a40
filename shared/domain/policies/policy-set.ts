/**
 * The desk's policies, by name: each with its zod schema (the API validates changes with it) and its
 * default (the data in code). A stored change overrides the default; `policySetFrom` gives use cases the
 * current set.
 */
import type { z } from 'zod';
import { CUSTOMER_PLAN, CustomerPlanSchema, type CustomerPlan } from '../customer-communication';
import { ASSIGNMENT_POLICY, AssignmentPolicySchema, type AssignmentPolicy } from './assignment';
import { ESCALATION_POLICY, EscalationPolicySchema, type EscalationPolicy } from './escalation-tree';
import { EXCEPTION_POLICY, ExceptionPolicySchema, type ExceptionPolicy } from './exception-classes';
import { IMPORTANCE_POLICY, ImportancePolicySchema, type ImportancePolicy } from './importance';
import { NOTIFICATION_POLICY, NotificationPolicySchema, type NotificationPolicy } from './notification-matrix';
import { DIRECTORY, DirectorySchema, type Directory } from './people';
import { PLAYBOOK_POLICY, PlaybookPolicySchema, type PlaybookPolicy } from './playbooks';
import { REMINDER_MATRIX, ReminderMatrixSchema, type ReminderMatrix } from './reminder-matrix';

export interface PolicySet {
  'exception-classes': ExceptionPolicy;
  'escalation-tree': EscalationPolicy;
  playbooks: PlaybookPolicy;
  importance: ImportancePolicy;
  'reminder-matrix': ReminderMatrix;
  'people-directory': Directory;
  'task-assignment': AssignmentPolicy;
  'notification-matrix': NotificationPolicy;
  'customer-communication': CustomerPlan;
}
export type PolicyName = keyof PolicySet;

export const POLICIES: { [K in PolicyName]: { schema: z.ZodType<PolicySet[K]>; defaults: PolicySet[K]; title: string; doc: string } } = {
  'exception-classes': { schema: ExceptionPolicySchema, defaults: EXCEPTION_POLICY, title: 'Exception classes and severity rules', doc: 'docs/policies/exceptions-and-playbooks.md' },
  playbooks: { schema: PlaybookPolicySchema, defaults: PLAYBOOK_POLICY, title: 'Emergency playbooks and task types', doc: 'docs/policies/exceptions-and-playbooks.md' },
  'escalation-tree': { schema: EscalationPolicySchema, defaults: ESCALATION_POLICY, title: 'Escalation decision tree', doc: 'docs/policies/escalation-tree.md' },
  importance: { schema: ImportancePolicySchema, defaults: IMPORTANCE_POLICY, title: 'Contract importance and exchange rates', doc: 'docs/policies/reminder-matrix.md' },
  'reminder-matrix': { schema: ReminderMatrixSchema, defaults: REMINDER_MATRIX, title: 'Reminder matrix', doc: 'docs/policies/reminder-matrix.md' },
  'people-directory': { schema: DirectorySchema, defaults: DIRECTORY, title: 'People directory', doc: 'docs/policies/task-assignment.md' },
  'task-assignment': { schema: AssignmentPolicySchema, defaults: ASSIGNMENT_POLICY, title: 'Task assignment weights', doc: 'docs/policies/task-assignment.md' },
  'notification-matrix': { schema: NotificationPolicySchema, defaults: NOTIFICATION_POLICY, title: 'Notification matrix and message templates', doc: 'docs/policies/notifications.md' },
  'customer-communication': { schema: CustomerPlanSchema, defaults: CUSTOMER_PLAN, title: 'Customer communication plan and transparency levels', doc: 'docs/policies/customer-communication.md' },
};
export const POLICY_NAMES = Object.keys(POLICIES) as PolicyName[];

export const DEFAULT_POLICIES: PolicySet = Object.fromEntries(POLICY_NAMES.map((n) => [n, POLICIES[n].defaults])) as unknown as PolicySet;

export const isPolicyName = (name: string): name is PolicyName => (POLICY_NAMES as string[]).includes(name);

/**
 * Paths that differ between two policy bodies (the audit's "what"), at most `limit` of them.
 * @example changedPaths({ a: { b: 1 } }, { a: { b: 2 } }) // ['a.b']
 */
export function changedPaths(before: unknown, after: unknown, limit = 50, prefix = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObj(before) || !isObj(after) || Array.isArray(before) !== Array.isArray(after)) return [prefix || '(whole policy)'];
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    for (const p of changedPaths(before[key], after[key], limit, prefix ? `${prefix}.${key}` : key)) {
      if (out.length >= limit) return out;
      out.push(p);
    }
  }
  return out;
}
