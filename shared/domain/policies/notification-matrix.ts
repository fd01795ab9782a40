/**
 * The notification matrix: for each desk event and each role, the channel (portal feed, e-mail, none)
 * and the urgency; and one template per message, rendered for e-mail and for the portal feed from the
 * same words. Escalations and reminders take their audience and channel from the escalation tree and the
 * reminder matrix; their wording and urgency live here like every other message.
 */
import * as z from 'zod';
import { SEVERITIES, severityRank, type Severity } from './exception-classes';
import { AUDIENCES, type Audience } from './escalation-tree';
import { placeholdersOf, type MessageTemplate } from './message-template';

export const DESK_EVENTS = [
  'exception.raised', 'exception.acknowledged', 'exception.resolved', 'escalation',
  'task.assigned', 'task.reassigned', 'task.overdue', 'reminder.deadline',
] as const;
export type DeskEvent = (typeof DESK_EVENTS)[number];
export const URGENCIES = ['low', 'normal', 'high', 'immediate'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const NotificationCellSchema = z.strictObject({
  channel: z.enum(['none', 'portal', 'email']),
  /** Also e-mail (besides the portal) when the exception is at least this severe. */
  emailFrom: z.enum(SEVERITIES).optional(),
  urgency: z.enum(URGENCIES),
});
export type NotificationCell = z.infer<typeof NotificationCellSchema>;

const TemplateSchema = z.strictObject({ subject: z.string().min(3).max(300), headline: z.string().min(2).max(300), body: z.string().min(3).max(4000) });
const LANGUAGES = ['en', 'zh-CN'] as const;

export const NotificationPolicySchema = z
  .strictObject({
    matrix: z.record(z.enum(DESK_EVENTS), z.partialRecord(z.enum(AUDIENCES), NotificationCellSchema)),
    /** Template per message id and language; English is required, other languages optional. */
    templates: z.record(z.string().regex(/^[a-z]+(\.[a-z-]+)*$/), z.partialRecord(z.enum(LANGUAGES), TemplateSchema).refine((t) => t.en !== undefined, 'needs an English (en) template')),
  })
  .superRefine((policy, ctx) => {
    for (const id of Object.keys(TEMPLATE_VARIABLES)) {
      if (!policy.templates[id]) ctx.addIssue({ code: 'custom', path: ['templates', id], message: `The message ${id} needs a template.` });
    }
    for (const [id, byLanguage] of Object.entries(policy.templates)) {
      const allowed = TEMPLATE_VARIABLES[id];
      if (!allowed) {
        ctx.addIssue({ code: 'custom', path: ['templates', id], message: `No message is called ${id}; known: ${Object.keys(TEMPLATE_VARIABLES).join(', ')}.` });
        continue;
      }
      for (const [language, t] of Object.entries(byLanguage)) {
        for (const name of placeholdersOf(`${t!.subject} ${t!.headline} ${t!.body}`)) {
          if (!allowed.includes(name)) ctx.addIssue({ code: 'custom', path: ['templates', id, language], message: `Unknown placeholder {${name}}; this message knows ${allowed.map((a) => `{${a}}`).join(', ')}.` });
        }
      }
    }
  });
export type NotificationPolicy = z.infer<typeof NotificationPolicySchema>;

const CONTRACT_VARS = ['contractNumber', 'buyer', 'seller', 'ownerName', 'ownerEmail'];
/** The values each message can use, so an edited template cannot refer to something that is never there. */
export const TEMPLATE_VARIABLES: Record<string, string[]> = {
  'exception.raised': [...CONTRACT_VARS, 'exceptionLabel', 'severity', 'message', 'severityReasons', 'taskCount'],
  'exception.acknowledged': [...CONTRACT_VARS, 'exceptionLabel', 'by', 'note'],
  'exception.resolved': [...CONTRACT_VARS, 'exceptionLabel', 'by', 'note', 'level'],
  escalation: [...CONTRACT_VARS, 'level', 'role', 'stageLabel', 'waitingFor', 'exceptionLabel', 'severity', 'openTasks'],
  'task.assigned': [...CONTRACT_VARS, 'taskTitle', 'taskLabel', 'due', 'why', 'exceptionLabel'],
  'task.reassigned': [...CONTRACT_VARS, 'taskTitle', 'taskLabel', 'due', 'why', 'from'],
  'task.overdue': [...CONTRACT_VARS, 'taskTitle', 'due'],
  'reminder.deadline': [...CONTRACT_VARS, 'deadlineLabel', 'date', 'when'],
  'exception.escalated': [...CONTRACT_VARS, 'level', 'role', 'exceptionLabel', 'severity', 'message', 'openTasks'],
  'customer.delay-notice': ['contractNumber', 'buyer', 'seller', 'latestShipmentDate', 'eta'],
  'customer.force-majeure': ['contractNumber', 'buyer', 'seller', 'message'],
  'customer.payment-reminder': ['contractNumber', 'buyer', 'seller', 'date', 'when'],
};

const portal = (urgency: Urgency, emailFrom?: Severity): NotificationCell => ({ channel: 'portal', urgency, ...(emailFrom ? { emailFrom } : {}) });
const email = (urgency: Urgency): NotificationCell => ({ channel: 'email', urgency });

export const NOTIFICATION_POLICY: NotificationPolicy = {
  matrix: {
    'exception.raised': { owner: email('high'), assignees: portal('high'), teamLead: portal('normal', 'critical'), finance: portal('normal', 'critical'), management: portal('normal', 'critical'), customer: email('high') },
    'exception.acknowledged': { owner: portal('normal'), assignees: portal('normal'), teamLead: portal('low') },
    'exception.resolved': { owner: portal('normal'), assignees: portal('normal'), teamLead: portal('low'), finance: portal('low'), management: portal('low') },
    escalation: { owner: email('high'), assignees: portal('high'), teamLead: email('high'), finance: email('high'), management: email('immediate'), customer: email('high') },
    'task.assigned': { assignees: portal('normal', 'high') },
    'task.reassigned': { assignees: portal('normal', 'high'), owner: portal('low') },
    'task.overdue': { assignees: email('high'), owner: portal('normal') },
    'reminder.deadline': { owner: email('normal'), assignees: email('normal'), teamLead: email('normal'), finance: email('normal'), management: email('high'), customer: email('normal') },
  },
  templates: {
    'exception.raised': { en: { subject: '[Tradeflow] {severity} exception on contract {contractNumber}: {exceptionLabel}', headline: '{exceptionLabel} on contract {contractNumber}', body: '{message}\nSeverity: {severity}. {severityReasons}\n[{taskCount} playbook tasks were created and assigned.]' } },
    'exception.acknowledged': { en: { subject: '[Tradeflow] Acknowledged: {exceptionLabel} on contract {contractNumber}', headline: '{by} is on it', body: '{by} acknowledged the {exceptionLabel} exception on contract {contractNumber}.[\nNote: {note}]' } },
    'exception.resolved': {
      en: { subject: '[Tradeflow] Resolved: {exceptionLabel} on contract {contractNumber}', headline: 'Resolved: {exceptionLabel}', body: 'The {exceptionLabel} exception on contract {contractNumber} ({buyer}) is resolved[ by {by}]; no further escalation[ (it had reached level {level})].[\n{note}]' },
    },
    escalation: {
      en: {
        subject: '[Tradeflow] Escalation level {level}: contract {contractNumber} overdue in {stageLabel}',
        headline: 'Escalation level {level}: contract {contractNumber}',
        body: 'Contract {contractNumber} ({buyer}) has waited too long for {waitingFor}.\nEscalation level: {level} ({role}).[\nException: {exceptionLabel} ({severity}).][\nOpen tasks: {openTasks}.]\nOwner: {ownerName} <{ownerEmail}>.',
      },
    },
    'task.assigned': { en: { subject: '[Tradeflow] Task for you on contract {contractNumber}: {taskTitle}', headline: '{taskLabel}: {taskTitle}', body: 'Contract {contractNumber} ({buyer})[ — {exceptionLabel}].\nDue: {due}.\nWhy you: {why}' } },
    'task.reassigned': { en: { subject: '[Tradeflow] Task moved to you on contract {contractNumber}: {taskTitle}', headline: '{taskLabel}: {taskTitle}', body: 'Contract {contractNumber} ({buyer}): this task moved to you[ from {from}].\nDue: {due}.\nWhy you: {why}' } },
    'task.overdue': { en: { subject: '[Tradeflow] Overdue task on contract {contractNumber}: {taskTitle}', headline: 'Overdue: {taskTitle}', body: 'The task "{taskTitle}" on contract {contractNumber} ({buyer}) was due {due} and is still open.' } },
    'reminder.deadline': { en: { subject: '[Tradeflow] {contractNumber}: {deadlineLabel} {when} ({date})', headline: '{deadlineLabel} {when}', body: 'Contract {contractNumber} ({buyer}): the {deadlineLabel} is {date}, {when}.' } },
    'exception.escalated': {
      en: {
        subject: '[Tradeflow] Escalation level {level}: {exceptionLabel} on contract {contractNumber}',
        headline: 'Escalation level {level}: {exceptionLabel}',
        body: 'The {exceptionLabel} exception on contract {contractNumber} ({buyer}) has had no action for too long.\n{message}\nSeverity: {severity}. Escalation level: {level} ({role}).[\nOpen tasks: {openTasks}.]\nOwner: {ownerName} <{ownerEmail}>.',
      },
    },
    'customer.delay-notice': {
      en: { subject: 'Contract {contractNumber}: revised shipment date', headline: 'Your shipment is delayed', body: 'The goods under contract {contractNumber} could not be shipped by the latest shipment date {latestShipmentDate}.[ The expected arrival is now {eta}.] Our team will contact you to agree the new dates.' },
      'zh-CN': { subject: '合同 {contractNumber}：装运日期调整', headline: '您的货物发运延迟', body: '合同 {contractNumber} 项下的货物未能在最迟装运日 {latestShipmentDate} 前发运。[预计到港时间现为 {eta}。]我们的团队将与您联系，商定新的日期。' },
    },
    'customer.force-majeure': {
      en: { subject: 'Contract {contractNumber}: notice of force majeure', headline: 'Notice of force majeure', body: 'We notify you of a force-majeure event affecting contract {contractNumber}: {message} We will keep you informed of its effect on the shipment.' },
      'zh-CN': { subject: '合同 {contractNumber}：不可抗力通知', headline: '不可抗力通知', body: '特此通知，合同 {contractNumber} 受到不可抗力事件影响：{message} 我们将及时告知其对发运的影响。' },
    },
    'customer.payment-reminder': {
      en: { subject: 'Contract {contractNumber}: payment due {when} ({date})', headline: 'Payment reminder', body: 'Payment under contract {contractNumber} is due on {date}, {when}. If you have already paid, thank you — please ignore this message.' },
      'zh-CN': { subject: '合同 {contractNumber}：付款到期提醒（{date}）', headline: '付款提醒', body: '合同 {contractNumber} 项下的款项将于 {date} 到期。如您已付款，谢谢，请忽略本邮件。' },
    },
  },
};

export interface Delivery {
  email: boolean;
  portal: boolean;
  urgency: Urgency;
}

/**
 * How an event reaches a role: e-mail and/or the portal feed, and how urgent it is.
 * @example notificationFor('task.assigned', 'assignees', 'critical') // { email: true, portal: true, urgency: 'normal' }
 */
export function notificationFor(event: DeskEvent, audience: Audience, severity?: Severity, policy: NotificationPolicy = NOTIFICATION_POLICY): Delivery {
  const cell = policy.matrix[event]?.[audience];
  if (!cell || cell.channel === 'none') return { email: false, portal: false, urgency: cell?.urgency ?? 'low' };
  const emailBySeverity = cell.emailFrom !== undefined && severity !== undefined && severityRank(severity) >= severityRank(cell.emailFrom);
  return { email: cell.channel === 'email' || emailBySeverity, portal: true, urgency: cell.urgency };
}

/** The template of a message in a language, falling back to English. */
export function templateFor(id: string, language: 'en' | 'zh-CN' = 'en', policy: NotificationPolicy = NOTIFICATION_POLICY): MessageTemplate {
  const byLanguage = policy.templates[id];
  const t = byLanguage?.[language] ?? byLanguage?.en;
  if (!t) throw new Error(`No template ${id}`);
  return t;
}
