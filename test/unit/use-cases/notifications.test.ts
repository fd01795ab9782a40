import { contractFromDraft, validateContractInput } from '../../../shared/domain/contract';
import { headerSafe, makeSesMailer } from '../../../shared/adapters/ses-mailer';
import { makeNotifications } from '../../../shared/use-cases/notifications';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';
import { world } from './world';

describe('customer milestone e-mails', () => {
  async function prepared() {
    const w = world();
    const v = validateContractInput(cifShanghaiRotterdamLc());
    if (!v.ok) throw new Error('fixture');
    const at = '2026-12-03T08:00:00.000Z';
    const contract = contractFromDraft(v.contract, '01HZZZCONTRACT00000000000C');
    await w.store.create({ contract, stage: 'SIGNED', overlays: [], escalation: {}, flags: [], createdAt: at, updatedAt: at, stageEnteredAt: {}, expected: {} });
    return { w, contract };
  }

  it('writes to each contact in their language, once per milestone even when the event is delivered twice', async () => {
    const { w, contract } = await prepared();
    const notify = makeNotifications(w.ports);
    await notify.notifyStageChanged({ contractId: contract.id, stage: 'SHIPPED' });
    await notify.notifyStageChanged({ contractId: contract.id, stage: 'SHIPPED' });
    expect(w.mails.map((m) => [m.to, m.subject])).toEqual([
      ['f.devries@vdmeer-kantoor.example', 'Contract SJT-2026-0412: goods shipped'],
      ['wang.li@jinqiao-telecom.example', '合同 SJT-2026-0412：货物已发运'],
    ]);
    expect(w.mails[1]!.text).toContain('CNSHA');
  });

  it('never tells customers about internal stages', async () => {
    const { w, contract } = await prepared();
    for (const stage of ['PENDING_APPROVAL', 'AWAITING_PAYMENT_SECURITY', 'BOOKING'] as const) await makeNotifications(w.ports).notifyStageChanged({ contractId: contract.id, stage });
    expect(w.mails).toEqual([]);
  });
});

describe('the SES mailer', () => {
  it('cannot be made to inject a header through a subject or an address', async () => {
    const sent: any[] = [];
    const mailer = makeSesMailer({ send: async (c: any) => void sent.push(c.input) } as any, 'tradeflow@example.com');
    await mailer.send({ to: 'buyer@example.com', subject: 'Hello\r\nBcc: victim@example.com', text: 't', html: 'h' });
    expect(sent[0].Content.Simple.Subject.Data).toBe('Hello Bcc: victim@example.com');
    await expect(mailer.send({ to: 'buyer@example.com\r\nBcc: victim@example.com', subject: 's', text: 't', html: 'h' })).rejects.toThrow(/single plain address/);
    expect(headerSafe('a\u0000b\tc')).toBe('a b c');
  });
});
