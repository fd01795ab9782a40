/**
 * Hourly: the desk's run over contracts in execution — deadline reminders by the reminder matrix (each
 * recipient in their own time zone and working hours, once per deadline step), overdue tasks, tasks of
 * absent people, anomaly flags that raise exceptions, exceptions idle too long, and e-mails the API queued.
 */
import { makeDesk } from './desk';
import type { Ports } from './ports';

export function makeReminders(ports: Ports) {
  const { store } = ports;
  return {
    async sendDue(): Promise<{ checked: number; sent: number }> {
      const desk = makeDesk(ports);
      let checked = 0, sent = 0;
      const failed: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ stage: 'SIGNED' }, 100, cursor);
        for (const record of page.items) {
          checked++;
          // One contract's failure must not starve the others; the run fails afterwards (and is retried:
          // once-keys keep what was sent from going twice).
          try {
            sent += (await desk.sweep(record.contract.id)).reminders;
          } catch (error) {
            failed.push(`${record.contract.contractNumber}: ${(error as Error).message}`);
          }
        }
        cursor = page.cursor;
      } while (cursor);
      if (failed.length) throw new Error(`Desk run failed for ${failed.length} of ${checked} contracts: ${failed.slice(0, 5).join('; ')}`);
      return { checked, sent };
    },
  };
}
