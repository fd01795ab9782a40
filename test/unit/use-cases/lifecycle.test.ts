import { contractFromDraft, validateContractInput } from '../../../shared/domain/contract';
import type { ContractRecord } from '../../../shared/domain/contract-record';
import type { Evidence } from '../../../shared/domain/evidence';
import { makeLifecycle } from '../../../shared/use-cases/lifecycle';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';
import { world } from './world';

function signedRecord(over: Partial<ContractRecord> = {}): ContractRecord {
  const v = validateContractInput(cifShanghaiRotterdamLc());
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const at = '2026-12-03T08:00:00.000Z';
  return { contract: contractFromDraft(v.contract, '01HZZZCONTRACT00000000000A'), stage: 'SIGNED', paymentStage: 'AWAITING_PAYMENT_SECURITY', logisticsStage: 'PRODUCTION', overlays: [], escalation: {}, flags: [], createdAt: at, updatedAt: at, stageEnteredAt: { main: at }, expected: {}, ...over };
}

const evidence = (kind: Evidence['kind'], id: string): Evidence => ({
  evidenceId: id, kind, classifier: 'ACT', occurredAt: '2026-12-03T07:00:00Z', recordedAt: '2026-12-03T08:00:00Z',
  source: { publisher: 'partner.bank.test', eventId: id, format: 'test' }, details: {},
});

describe('enterStage', () => {
  it('resumes at once when the evidence arrived before the wait (L/C issued while the workflow was busy)', async () => {
    // Prepare
    const w = world();
    const record = signedRecord();
    await w.store.create(record);
    await w.store.recordEvidence(record.contract.id, evidence('lcIssued', 'e1'), 'bank#e1#');
    // Act
    await makeLifecycle(w.ports).enterStage({ contractId: record.contract.id, stage: 'AWAITING_PAYMENT_SECURITY', executionId: 'x', taskToken: 'tok-1' });
    // Assess
    expect(w.resumed).toEqual([{ token: 'tok-1', output: expect.objectContaining({ to: 'PAYMENT_OUTSTANDING', timeouts: expect.any(Object), plan: expect.objectContaining({ securityKind: 'LC' }) }) }]);
  });

  it('records a stage once, however often the workflow re-enters it (retries, escalation loops)', async () => {
    const w = world();
    const record = signedRecord({ logisticsStage: undefined });
    await w.store.create(record);
    const lifecycle = makeLifecycle(w.ports);
    await lifecycle.enterStage({ contractId: record.contract.id, stage: 'PRODUCTION', executionId: 'x', taskToken: 'tok-1' });
    await lifecycle.enterStage({ contractId: record.contract.id, stage: 'PRODUCTION', executionId: 'x', taskToken: 'tok-1' });
    await lifecycle.enterStage({ contractId: record.contract.id, stage: 'PRODUCTION', executionId: 'x', taskToken: 'tok-2' });
    const entries = (await w.store.timeline(record.contract.id)).filter((e) => e.type === 'stageEntered');
    expect(entries).toHaveLength(1);
    expect(w.published.filter((p) => p.detailType === 'ContractStageChanged')).toHaveLength(1);
    const waits = await w.store.openWaits(record.contract.id);
    expect(waits.map((x) => x.taskToken)).toEqual(['tok-2']); // the older token was superseded
  });

  it('fails the wait of a cancelled contract instead of waiting forever', async () => {
    const w = world();
    const record = signedRecord({ stage: 'CANCELLED' });
    await w.store.create(record);
    await makeLifecycle(w.ports).enterStage({ contractId: record.contract.id, stage: 'PRODUCTION', executionId: 'x', taskToken: 'tok-1' });
    expect(w.failed).toEqual([{ token: 'tok-1', error: 'Tradeflow.Cancelled' }]);
  });
});

describe('resolveWaits', () => {
  it('resumes a wait exactly once even when two deliveries race', async () => {
    const w = world();
    const record = signedRecord();
    await w.store.create(record);
    const lifecycle = makeLifecycle(w.ports);
    await lifecycle.enterStage({ contractId: record.contract.id, stage: 'AWAITING_PAYMENT_SECURITY', executionId: 'x', taskToken: 'tok-1' });
    await w.store.recordEvidence(record.contract.id, evidence('lcIssued', 'e1'), 'bank#e1#');
    await Promise.all([lifecycle.resolveWaits(record.contract.id), lifecycle.resolveWaits(record.contract.id)]);
    expect(w.resumed).toHaveLength(1);
  });
});

describe('escalate', () => {
  it('walks owner → team lead → management, one e-mail per person and level, even when retried', async () => {
    const w = world();
    const record = signedRecord();
    await w.store.create(record);
    const lifecycle = makeLifecycle(w.ports);
    const timeOut = async (token: string) => {
      await lifecycle.enterStage({ contractId: record.contract.id, stage: 'PRODUCTION', executionId: 'x', taskToken: token });
      const out = await lifecycle.escalate({ contractId: record.contract.id, stage: 'PRODUCTION' });
      await lifecycle.escalate({ contractId: record.contract.id, stage: 'PRODUCTION' }); // a retried invocation
      return out;
    };
    const first = await timeOut('tok-1');
    expect(first.timeouts.PRODUCTION).toBe(24 * 3600);
    expect((await timeOut('tok-2')).timeouts.PRODUCTION).toBe(48 * 3600);
    await timeOut('tok-3');
    expect(w.mails.map((m) => `${m.to} ${m.subject.match(/level \d/)![0]}`)).toEqual([
      'chen.hao@jinqiao-telecom.example level 1',
      'chen.hao@jinqiao-telecom.example level 2',
      'lead.export-europe@tradeflow.example level 2',
      'chen.hao@jinqiao-telecom.example level 3',
      'lead.export-europe@tradeflow.example level 3',
      'management@tradeflow.example level 3',
    ]);
    expect((await w.store.get(record.contract.id))!.escalation.PRODUCTION).toBe(3);
  });

  it('sends nothing while the contract is on hold, and keeps waiting', async () => {
    const w = world();
    const record = signedRecord({ overlays: [{ kind: 'ON_HOLD', openedAt: '2026-12-01T00:00:00Z', openedBy: 'u', reason: 'compliance check' }] });
    await w.store.create(record);
    await makeLifecycle(w.ports).enterStage({ contractId: record.contract.id, stage: 'PRODUCTION', executionId: 'x', taskToken: 't' });
    const out = await makeLifecycle(w.ports).escalate({ contractId: record.contract.id, stage: 'PRODUCTION' });
    expect(w.mails).toHaveLength(0);
    expect(out.timeouts.PRODUCTION).toBeGreaterThan(0);
  });
});
