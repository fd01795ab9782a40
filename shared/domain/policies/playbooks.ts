/**
 * Emergency playbooks: for each exception class, the standard response steps. Raising an exception
 * creates one task per step on the contract, each assigned by the assignment policy.
 */
import * as z from 'zod';
import { EXCEPTION_CLASS_IDS, type ExceptionClassId } from './exception-classes';
import { SKILLS } from './people';

export const TASK_TYPE_IDS = [
  'check-lc', 'book-freight', 'arrange-inspection', 'chase-payment', 'resolve-discrepancy',
  'inform-customer', 'clear-customs', 'review-partner-event', 'reconcile-erp', 'assess-force-majeure',
] as const;
export type TaskTypeId = (typeof TASK_TYPE_IDS)[number];

export const TaskTypeSchema = z.strictObject({
  id: z.enum(TASK_TYPE_IDS),
  label: z.string().min(3),
  /** Roles whose people may take it. */
  roles: z.array(z.enum(['sales', 'operations', 'finance', 'manager'])).min(1),
  /** The expertise it needs (mandatory). */
  skill: z.enum(SKILLS),
  /** Prefer people who write the customer's language / know the buyer's market / the goods. */
  prefers: z.array(z.enum(['language', 'market', 'product'])),
});
export type TaskType = z.infer<typeof TaskTypeSchema>;

export const PlaybookStepSchema = z.strictObject({ taskType: z.enum(TASK_TYPE_IDS), title: z.string().min(5), dueInHours: z.number().int().min(1).max(24 * 30) });
export type PlaybookStep = z.infer<typeof PlaybookStepSchema>;

export const PlaybookPolicySchema = z.strictObject({
  taskTypes: z.array(TaskTypeSchema).length(TASK_TYPE_IDS.length),
  playbooks: z.record(z.enum(EXCEPTION_CLASS_IDS), z.array(PlaybookStepSchema).min(1)),
});
export type PlaybookPolicy = z.infer<typeof PlaybookPolicySchema>;

export const PLAYBOOK_POLICY: PlaybookPolicy = {
  taskTypes: [
    { id: 'check-lc', label: 'Check L/C', roles: ['finance'], skill: 'LC', prefers: ['market'] },
    { id: 'book-freight', label: 'Book freight', roles: ['operations'], skill: 'freight', prefers: ['market', 'product'] },
    { id: 'arrange-inspection', label: 'Arrange inspection', roles: ['operations'], skill: 'inspection', prefers: ['product'] },
    { id: 'chase-payment', label: 'Chase payment', roles: ['finance'], skill: 'collections', prefers: ['language', 'market'] },
    { id: 'resolve-discrepancy', label: 'Resolve discrepancy', roles: ['finance', 'operations'], skill: 'documents', prefers: ['market'] },
    { id: 'inform-customer', label: 'Inform the customer', roles: ['sales'], skill: 'customer-care', prefers: ['language', 'market'] },
    { id: 'clear-customs', label: 'Clear customs', roles: ['operations'], skill: 'customs', prefers: ['market', 'product'] },
    { id: 'review-partner-event', label: 'Review partner event', roles: ['operations'], skill: 'documents', prefers: [] },
    { id: 'reconcile-erp', label: 'Reconcile ERP order', roles: ['operations', 'sales'], skill: 'documents', prefers: ['market'] },
    { id: 'assess-force-majeure', label: 'Assess force majeure', roles: ['manager', 'sales'], skill: 'claims', prefers: ['language'] },
  ],
  playbooks: {
    'documentary-discrepancy': [
      { taskType: 'resolve-discrepancy', title: 'List the discrepancies; correct the documents or ask for a waiver', dueInHours: 24 },
      { taskType: 'check-lc', title: 'Check whether the credit needs an amendment (MT707)', dueInHours: 48 },
      { taskType: 'inform-customer', title: 'Ask the buyer to accept the discrepancies or instruct its bank', dueInHours: 24 },
    ],
    'lc-amendment-needed': [
      { taskType: 'check-lc', title: 'Draft the amendment request: dates, amount, terms', dueInHours: 24 },
      { taskType: 'inform-customer', title: 'Send the amendment request to the buyer', dueInHours: 24 },
    ],
    'payment-overdue': [
      { taskType: 'chase-payment', title: 'Chase the buyer and confirm the remittance or L/C issue date', dueInHours: 24 },
      { taskType: 'inform-customer', title: "Send a formal payment reminder in the buyer's language", dueInHours: 48 },
    ],
    'shipment-delayed': [
      { taskType: 'book-freight', title: 'Confirm the new ETD with the carrier or rebook', dueInHours: 24 },
      { taskType: 'inform-customer', title: 'Tell the buyer the revised shipment date', dueInHours: 24 },
    ],
    'missed-latest-shipment-date': [
      { taskType: 'check-lc', title: 'Request an L/C amendment of the latest shipment and expiry dates', dueInHours: 24 },
      { taskType: 'book-freight', title: 'Rebook on the next sailing and confirm the ETD', dueInHours: 24 },
      { taskType: 'inform-customer', title: 'Agree the new shipment date with the buyer', dueInHours: 8 },
    ],
    'quality-inspection-failure': [
      { taskType: 'arrange-inspection', title: 'Arrange re-inspection after rework', dueInHours: 48 },
      { taskType: 'inform-customer', title: 'Tell the buyer the findings and the rework plan', dueInHours: 24 },
    ],
    'customs-hold': [
      { taskType: 'clear-customs', title: 'Find out why customs hold the goods; provide the documents', dueInHours: 8 },
      { taskType: 'inform-customer', title: 'Tell the buyer about the hold and the expected release', dueInHours: 24 },
    ],
    'partner-event-quarantined': [{ taskType: 'review-partner-event', title: 'Review the quarantined event; link it to the contract and replay it', dueInHours: 24 }],
    'data-conflict': [{ taskType: 'reconcile-erp', title: 'Reconcile the ERP sales order with the contract terms', dueInHours: 24 }],
    'force-majeure': [
      { taskType: 'assess-force-majeure', title: "Assess the event against the contract's force-majeure clause", dueInHours: 24 },
      { taskType: 'book-freight', title: 'Find alternative routing or capacity', dueInHours: 48 },
      { taskType: 'inform-customer', title: 'Send the written force-majeure notice to the buyer', dueInHours: 8 },
    ],
  },
};

export function playbookFor(id: ExceptionClassId, policy: PlaybookPolicy = PLAYBOOK_POLICY): PlaybookStep[] {
  return policy.playbooks[id] ?? [];
}

export function taskType(id: TaskTypeId, policy: PlaybookPolicy = PLAYBOOK_POLICY): TaskType {
  const found = policy.taskTypes.find((t) => t.id === id);
  if (!found) throw new Error(`No task type ${id} in the policy`);
  return found;
}
