/**
 * The escalation decision tree: (exception class, severity, contract importance, escalation level, time
 * without action) → whom (owner, team lead, finance, management, customer, the task assignees) and how
 * (e-mail, portal feed). Every matching row adds its recipients; the strongest channel wins.
 *
 * Levels: a wait that times out walks one level up per timeout (Step Functions is the timer; the repeat
 * cadence is ESCALATION_REPEAT_HOURS in lifecycle-plan.ts). Exceptions not tied to a wait walk up by time
 * without action (`actionClock`). Resolving an exception de-escalates: everyone who was told hears that
 * it is resolved, on the same channel.
 */
import * as z from 'zod';
import { EXCEPTION_CLASS_IDS, SEVERITIES, severityRank, type ExceptionClassId, type Severity } from './exception-classes';
import { IMPORTANCE_LEVELS, type Importance } from './importance';

export const AUDIENCES = ['owner', 'assignees', 'teamLead', 'finance', 'management', 'customer'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const CHANNELS = ['portal', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const EscalationRowSchema = z.strictObject({
  id: z.string().min(1),
  why: z.string().min(5),
  when: z.strictObject({
    classes: z.array(z.enum(EXCEPTION_CLASS_IDS)).optional(),
    minSeverity: z.enum(SEVERITIES).optional(),
    importance: z.array(z.enum(IMPORTANCE_LEVELS)).optional(),
    minLevel: z.number().int().min(1),
    minHoursWithoutAction: z.number().min(0).optional(),
  }),
  notify: z.array(z.strictObject({ audience: z.enum(AUDIENCES), channel: z.enum(CHANNELS) })).min(1),
});
export type EscalationRow = z.infer<typeof EscalationRowSchema>;

export const EscalationPolicySchema = z.strictObject({
  levels: z.array(z.strictObject({ level: z.number().int().min(1), name: z.string().min(2), meaning: z.string().min(5) })).min(1),
  rows: z.array(EscalationRowSchema).min(1),
  /** Hours without action after which an exception that no wait times out goes up a level, by severity (one entry per level above 1). */
  actionClock: z.record(z.enum(SEVERITIES), z.array(z.number().min(1))),
  deEscalation: z.strictObject({ notify: z.literal('everyone notified'), why: z.string().min(5) }),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

export const ESCALATION_POLICY: EscalationPolicy = {
  levels: [
    { level: 1, name: 'Owner', meaning: 'The contract owner is told; playbook tasks are created and assigned.' },
    { level: 2, name: 'Team lead', meaning: "Nothing moved after the first repeat: the owner's team lead is told." },
    { level: 3, name: 'Management', meaning: 'Still nothing: trade operations management is told.' },
    { level: 4, name: 'Management, weekly', meaning: 'Management keeps hearing weekly until it is resolved.' },
  ],
  rows: [
    { id: 'owner', why: 'The owner always hears first.', when: { minLevel: 1 }, notify: [{ audience: 'owner', channel: 'email' }] },
    { id: 'assignees', why: 'The people doing the playbook tasks see every escalation in their feed.', when: { minLevel: 1 }, notify: [{ audience: 'assignees', channel: 'portal' }] },
    { id: 'team-lead', why: 'Second level: the team lead.', when: { minLevel: 2 }, notify: [{ audience: 'teamLead', channel: 'email' }] },
    { id: 'management', why: 'Third level: management.', when: { minLevel: 3 }, notify: [{ audience: 'management', channel: 'email' }] },
    { id: 'key-skips-a-level', why: 'Key contracts with a high or critical exception reach the team lead at once.', when: { importance: ['key'], minSeverity: 'high', minLevel: 1 }, notify: [{ audience: 'teamLead', channel: 'email' }] },
    { id: 'key-management', why: 'Key contracts reach management from the second level.', when: { importance: ['key'], minLevel: 2 }, notify: [{ audience: 'management', channel: 'email' }] },
    { id: 'critical-management', why: 'Critical exceptions reach management from the second level.', when: { minSeverity: 'critical', minLevel: 2 }, notify: [{ audience: 'management', channel: 'email' }] },
    { id: 'money-finance', why: 'Money and credit problems go to the finance desk from the start.', when: { classes: ['payment-overdue', 'documentary-discrepancy', 'lc-amendment-needed'], minLevel: 1 }, notify: [{ audience: 'finance', channel: 'email' }] },
    { id: 'idle-three-days', why: 'Three days without action: the team lead hears whatever the level.', when: { minLevel: 1, minHoursWithoutAction: 72 }, notify: [{ audience: 'teamLead', channel: 'email' }] },
    { id: 'idle-five-days-high', why: 'A high or critical exception five days without action reaches management.', when: { minSeverity: 'high', minLevel: 1, minHoursWithoutAction: 120 }, notify: [{ audience: 'management', channel: 'email' }] },
    { id: 'customer-delay-notice', why: 'A critical delay the desk could not fix at the first level: the buyer is told (customer notice, never the internal escalation).', when: { classes: ['missed-latest-shipment-date', 'shipment-delayed'], minSeverity: 'critical', minLevel: 2 }, notify: [{ audience: 'customer', channel: 'email' }] },
    { id: 'customer-force-majeure', why: 'Force majeure must be notified to the buyer in writing at once.', when: { classes: ['force-majeure'], minLevel: 1 }, notify: [{ audience: 'customer', channel: 'email' }, { audience: 'management', channel: 'email' }] },
  ],
  actionClock: { low: [72, 240, 480], medium: [48, 120, 240], high: [24, 72, 168], critical: [4, 24, 72] },
  deEscalation: { notify: 'everyone notified', why: 'Everyone who heard about the exception hears that it is resolved, on the same channel.' },
};

export interface EscalationInput {
  exceptionClass?: ExceptionClassId;
  severity: Severity;
  importance: Importance;
  level: number;
  hoursWithoutAction: number;
}

export interface EscalationTarget {
  audience: Audience;
  channel: Channel;
  /** The rows that put this audience on the list. */
  rows: string[];
}

/**
 * Who hears about an exception at this level, and how. Audiences come in the order of AUDIENCES.
 * @example escalationFor({ severity: 'medium', importance: 'standard', level: 2, hoursWithoutAction: 0 }).map((t) => t.audience) // ['owner', 'assignees', 'teamLead']
 */
export function escalationFor(input: EscalationInput, policy: EscalationPolicy = ESCALATION_POLICY): EscalationTarget[] {
  const byAudience = new Map<Audience, EscalationTarget>();
  for (const row of policy.rows) {
    const w = row.when;
    if (input.level < w.minLevel) continue;
    if (w.classes && (!input.exceptionClass || !w.classes.includes(input.exceptionClass))) continue;
    if (w.minSeverity && severityRank(input.severity) < severityRank(w.minSeverity)) continue;
    if (w.importance && !w.importance.includes(input.importance)) continue;
    if (w.minHoursWithoutAction !== undefined && input.hoursWithoutAction < w.minHoursWithoutAction) continue;
    for (const n of row.notify) {
      const known = byAudience.get(n.audience);
      if (!known) byAudience.set(n.audience, { audience: n.audience, channel: n.channel, rows: [row.id] });
      else {
        known.rows.push(row.id);
        if (n.channel === 'email') known.channel = 'email';
      }
    }
  }
  return AUDIENCES.flatMap((a) => (byAudience.has(a) ? [byAudience.get(a)!] : []));
}

/**
 * The level an exception that no wait times out has reached after `hours` without action.
 * @example levelByTimeWithoutAction('critical', 5) // 2
 */
export function levelByTimeWithoutAction(severity: Severity, hours: number, policy: EscalationPolicy = ESCALATION_POLICY): number {
  return 1 + (policy.actionClock[severity] ?? []).filter((h) => hours >= h).length;
}
