/**
 * A stage changed: customer milestone e-mails by the communication plan (the customer's transparency
 * level decides which milestones and how much detail), once per contract, stage and contact, in the
 * contact's language with a plain-text part; then the desk closes the exceptions the stage resolves
 * (de-escalation) and sends what the API queued.
 */
import type { TimelineEntry } from '../domain/contract-record';
import { messageLanguage, milestoneFacts, milestoneMessage, transparencyOf } from '../domain/customer-communication';
import type { Stage } from '../domain/lifecycle';
import { makeDesk } from './desk';
import type { Ports } from './ports';

export function makeNotifications(ports: Ports) {
  const { store, mailer, clock } = ports;

  async function notifyStageChanged(detail: { contractId: string; stage: Stage }): Promise<{ sent: number; resolved: number }> {
    const record = await store.get(detail.contractId);
    if (!record) return { sent: 0, resolved: 0 };
    const desk = makeDesk(ports);
    const plan = (await desk.policies())['customer-communication'];
    const c = record.contract;
    const level = transparencyOf(c, plan);
    const facts = milestoneFacts(record, await store.evidence(c.id));
    let sent = 0;
    const timeline: TimelineEntry[] = [];
    for (const contact of c.contacts) {
      const language = messageLanguage(contact.language);
      const message = milestoneMessage(detail.stage, language, facts, level, plan);
      if (!message) continue;
      // EventBridge delivers at least once: one e-mail per contract, stage and contact, ever.
      if (!(await store.claimOnce(`MAIL#${c.id}#${detail.stage}#${contact.email}`, 400))) continue;
      await mailer.send({ to: contact.email, subject: message.subject, text: message.text, html: message.html });
      sent++;
      timeline.push({ type: 'emailSent', at: new Date(clock.now()).toISOString(), to: contact.email, subject: message.subject, template: `${detail.stage}.${language}` });
    }
    if (timeline.length) await store.appendTimeline(c.id, timeline);
    const resolved = await desk.onStageChanged(detail);
    return { sent, resolved: resolved.length };
  }

  return { notifyStageChanged };
}
