/**
 * A small world of fakes for use-case tests: the in-memory store, a workflow that records resumptions,
 * a mailbox, an event log and a controllable clock. Prepare / Act / Assess without AWS.
 */
import { makeInMemoryContractStore } from '../../../shared/adapters/in-memory-contract-store';
import { fixedClock } from '../../../shared/domain/clock';
import type { OutgoingEmail, Ports } from '../../../shared/use-cases/ports';

export function world(startIso = '2026-12-03T08:00:00Z') {
  const clock = fixedClock(startIso);
  const store = makeInMemoryContractStore({ clock });
  const resumed: Array<{ token: string; output: any }> = [];
  const failed: Array<{ token: string; error: string }> = [];
  const used = new Set<string>();
  const mails: OutgoingEmail[] = [];
  const published: Array<{ detailType: string; detail: Record<string, unknown> }> = [];
  let id = 0;
  const ports: Ports = {
    store,
    clock,
    newId: () => `01TEST${String(++id).padStart(20, '0')}`,
    workflow: {
      start: async (contractId) => `arn:aws:states:eu-west-1:000000000000:execution:tradeflow-contract-lifecycle:${contractId}`,
      resume: async (token, output) => {
        if (used.has(token)) return false;
        used.add(token);
        resumed.push({ token, output });
        return true;
      },
      fail: async (token, error) => {
        if (used.has(token)) return false;
        used.add(token);
        failed.push({ token, error });
        return true;
      },
    },
    events: { publish: async (detailType, detail) => void published.push({ detailType, detail }) },
    mailer: { send: async (m) => void mails.push(m) },
  };
  return { ports, clock, store, resumed, failed, mails, published };
}
