/**
 * `npm run demo`: realistic sample contracts driven through their lifecycles over the real API and the
 * partner bus, so a newcomer sees stages move, timelines fill and e-mails arrive within a minute.
 */
import { cifShanghaiRotterdamLc } from '../../test/fixtures/contracts';
import { deskClient } from './desk-client';
import type { LocalRuntime } from './runtime';
import { createAndSign, lcContractToClosed } from './scenarios';

export async function runDemo(runtime: LocalRuntime, log: (line: string) => void) {
  const desk = deskClient(runtime);
  const started = performance.now();
  const suffix = Date.now().toString(36).toUpperCase().slice(-5);
  log('Demo: a CIF Shanghai → Rotterdam contract on an L/C at sight, from draft to closed');
  const first = cifShanghaiRotterdamLc();
  first.contractNumber = `SJT-DEMO-${suffix}`;
  first.references = { ...first.references!, poNumber: `VDM-PO-${suffix}`, lcNumber: `ING-DC-${suffix}` };
  if (first.paymentTerms.method === 'LC') first.paymentTerms.lcNumber = `ING-DC-${suffix}`;
  const id = await lcContractToClosed(desk, first, log, `BKG${suffix}`);

  log('Demo: a second contract for a new customer (needs approval), left waiting for its L/C');
  const second = cifShanghaiRotterdamLc();
  second.contractNumber = `SJT-DEMO-${suffix}-2`;
  second.customer = { tier: 'C', isNew: true };
  second.references = { ...second.references!, poNumber: `VDM-PO-${suffix}-2`, lcNumber: `ING-DC-${suffix}-2` };
  if (second.paymentTerms.method === 'LC') second.paymentTerms.lcNumber = `ING-DC-${suffix}-2`;
  await createAndSign(desk, second, log);

  const mail = await runtime.ses.listMessages();
  log(`\nDemo done in ${((performance.now() - started) / 1000).toFixed(1)} s. ${mail.length} e-mails in the mailbox: ${runtime.mailboxUrl}`);
  log(`Timeline of the closed contract: curl -s -H "authorization: Bearer ${runtime.tokens.manager!.token}" ${runtime.apiUrl}/contracts/${id}/timeline`);
}
