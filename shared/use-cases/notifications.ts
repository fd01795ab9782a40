/** Customer milestone e-mails: once per contract, stage and contact, in the contact's language. */
import type { TimelineEntry } from '../domain/contract-record';
import { messageLanguage, milestoneMessage } from '../domain/customer-communication';
import type { Stage } from '../domain/lifecycle';
import { escapeHtml } from './lifecycle';
import type { Ports } from './ports';

export function makeNotifications(ports: Ports) {
  const { store, mailer, clock } = ports;

  async function notifyStageChanged(detail: { contractId: string; stage: Stage }): Promise<{ sent: number }> {
    const record = await store.get(detail.contractId);
    if (!record) return { sent: 0 };
    const c = record.contract;
    let sent = 0;
    const timeline: TimelineEntry[] = [];
    for (const contact of c.contacts) {
      const language = messageLanguage(contact.language);
      const message = milestoneMessage(detail.stage, language, {
        contractNumber: c.contractNumber, buyer: c.buyer.legalName, seller: c.seller.legalName,
        ...(c.transport.portOfLoading ? { portOfLoading: c.transport.portOfLoading } : {}),
        ...(c.transport.portOfDischarge ? { portOfDischarge: c.transport.portOfDischarge } : {}),
      });
      if (!message) continue;
      // EventBridge delivers at least once: one e-mail per contract, stage and contact, ever.
      if (!(await store.claimOnce(`MAIL#${c.id}#${detail.stage}#${contact.email}`, 400))) continue;
      await mailer.send({
        to: contact.email,
        subject: message.subject,
        text: `${message.headline}\n\n${message.body}\n\n— Tradeflow`,
        html: `<h2>${escapeHtml(message.headline)}</h2><p>${escapeHtml(message.body)}</p><p>— Tradeflow</p>`,
      });
      sent++;
      timeline.push({ type: 'emailSent', at: new Date(clock.now()).toISOString(), to: contact.email, subject: message.subject, template: `${detail.stage}.${language}` });
    }
    if (timeline.length) await store.appendTimeline(c.id, timeline);
    return { sent };
  }

  return { notifyStageChanged };
}
