/** Hourly: remind owners of deadlines coming up on contracts in execution. */
import { lifecycleFactsOf } from '../domain/contract';
import type { EvidenceKind } from '../domain/evidence';
import { isActual } from '../domain/evidence';
import { dueReminders } from '../domain/reminders';
import { escapeHtml } from './lifecycle';
import type { Ports } from './ports';

export function makeReminders(ports: Ports) {
  const { store, mailer, clock } = ports;
  return {
    async sendDue(): Promise<{ checked: number; sent: number }> {
      let checked = 0, sent = 0;
      let cursor: string | undefined;
      do {
        const page = await store.list({ stage: 'SIGNED' }, 100, cursor);
        for (const record of page.items) {
          checked++;
          const evidence = new Map<EvidenceKind, string>();
          for (const e of await store.evidence(record.contract.id)) if (isActual(e) && !evidence.has(e.kind)) evidence.set(e.kind, e.occurredAt);
          const c = record.contract;
          for (const due of dueReminders(lifecycleFactsOf(c), evidence, clock.now())) {
            if (!(await store.claimOnce(`REMIND#${c.id}#${due.key}`, 400))) continue;
            const when = due.daysBefore === 0 ? 'today' : `in ${due.daysBefore} day${due.daysBefore > 1 ? 's' : ''}`;
            await mailer.send({
              to: c.owner.email,
              subject: `[Tradeflow] ${c.contractNumber}: ${due.label} ${when} (${due.date})`,
              text: `Contract ${c.contractNumber} (${c.buyer.legalName}): the ${due.label} is ${due.date}, ${when}.`,
              html: `<p>Contract <b>${escapeHtml(c.contractNumber)}</b> (${escapeHtml(c.buyer.legalName)}): the ${due.label} is <b>${due.date}</b>, ${when}.</p>`,
            });
            await store.appendTimeline(c.id, [{ type: 'emailSent', at: new Date(clock.now()).toISOString(), to: c.owner.email, subject: `Reminder: ${due.label}`, template: `reminder.${due.deadline}.${due.daysBefore}` }]);
            sent++;
          }
        }
        cursor = page.cursor;
      } while (cursor);
      return { checked, sent };
    },
  };
}
