import { LocalClock } from '../../../infra/local/local-clock';
import { DAY_MS, eventually, newDataDir, startHarness, removeDataDirs } from './step-functions.harness';

afterAll(() => removeDataDirs());

describe('LocalClock', () => {
  it('keeps its offset in the data dir, so a restarted runtime has the same "now"', () => {
    // Prepare
    const dataDir = newDataDir();
    let wall = Date.parse('2026-02-02T08:00:00Z');
    const clock = new LocalClock({ dataDir, wallClock: () => wall });

    // Act
    clock.advance(40 * DAY_MS);
    const restarted = new LocalClock({ dataDir, wallClock: () => wall });
    const afterRestart = restarted.now();
    wall += 1000;
    restarted.set('2026-06-01T00:00:00Z');
    const again = new LocalClock({ dataDir, wallClock: () => wall });

    // Assess
    expect(new Date(afterRestart).toISOString()).toBe('2026-03-14T08:00:00.000Z');
    expect(new Date(again.now()).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(() => clock.set('next Tuesday')).toThrow(RangeError);
  });
});

describe('LocalStepFunctions across a restart (replay)', () => {
  it('completes a waiting execution with the token issued before the restart, without calling recorded steps again', async () => {
    // Prepare: plan → waiting on Stage DRAFT, then the runtime stops
    const dataDir = newDataDir();
    const before = await startHarness(dataDir);
    before.functions['plan-lifecycle'] = () => ({ timeouts: { DRAFT: 14 * 24 * 3600 } });
    const arn = before.machine('local-sfn-restart');
    const { executionArn } = await before.sfn.startExecution({ stateMachineArn: arn, name: 'TF-2026-0100', input: '{"contractId":"TF-2026-0100"}' });
    const token = await eventually(() => before.tokens[0]);
    await before.sfn.stop();

    // Act: a new runtime over the same data dir; the product still holds the old token
    const after = await startHarness(dataDir);
    after.machine('local-sfn-restart'); // as `npm start` does: registering again must not disturb running executions
    await after.sfn.sendTaskSuccess({ taskToken: token, output: JSON.stringify({ submittedBy: 'sales@exporter.example' }) });
    const result = await after.sfn.whenSettled(executionArn as string);

    // Assess
    expect(before.calls.map((c) => c.functionId)).toEqual(['plan-lifecycle', 'enter-stage']);
    expect(after.calls.map((c) => c.payload.stage ?? c.functionId)).toEqual(['CLOSED']);
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output as string)).toMatchObject({
      lifecycle: { timeouts: { DRAFT: 14 * 24 * 3600 } },
      evidence: { submittedBy: 'sales@exporter.example' },
      closed: { Payload: { entered: true } },
    });
    const types = after.sfn.getExecutionHistory({ executionArn: executionArn as string }).events?.map((e) => e.type) ?? [];
    expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
    expect(types.filter((t) => t === 'TaskStateEntered')).toHaveLength(3);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    await expect(after.sfn.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await after.sfn.stop();
  });

  it('keeps the persisted deadline: a timeout due while the runtime was down fires after the restart', async () => {
    // Prepare
    const dataDir = newDataDir();
    const before = await startHarness(dataDir);
    before.functions['plan-lifecycle'] = () => ({ timeouts: { DRAFT: 30 * 24 * 3600 } });
    const arn = before.machine('local-sfn-restart');
    const { executionArn } = await before.sfn.startExecution({ stateMachineArn: arn, input: '{"contractId":"TF-2026-0101"}' });
    const oldToken = await eventually(() => before.tokens[0]);
    await before.sfn.stop();
    before.clock.advance(31 * DAY_MS); // the clock offset is persisted in the data dir

    // Act
    const after = await startHarness(dataDir);
    const escalation = await eventually(() => after.calls.find((c) => c.functionId === 'escalate'));
    const newToken = await eventually(() => after.tokens[0]);

    // Assess: escalated once, waiting again with a fresh token; the old one timed out
    expect(escalation.payload).toEqual({ contractId: 'TF-2026-0101', stage: 'DRAFT' });
    expect(after.calls.filter((c) => c.functionId === 'plan-lifecycle')).toHaveLength(0);
    expect(newToken).not.toBe(oldToken);
    await expect(after.sfn.sendTaskSuccess({ taskToken: oldToken, output: '{}' })).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await after.sfn.sendTaskSuccess({ taskToken: newToken, output: '{}' });
    expect((await after.sfn.whenSettled(executionArn as string)).status).toBe('SUCCEEDED');
    await after.sfn.stop();
  });

  it('replays a Parallel whose branches completed on both sides of the restart, and survives a second restart', async () => {
    // Prepare: payment evidence arrives before the restart, booking after
    const dataDir = newDataDir();
    const first = await startHarness(dataDir);
    const arn = first.machine('local-sfn-parallel-callbacks');
    const { executionArn } = await first.sfn.startExecution({ stateMachineArn: arn, input: '{"contractId":"TF-2026-0102"}' });
    await eventually(() => first.tokens.length === 2);
    const tokenOf = (stage: string) => first.tokens[first.calls.findIndex((c) => c.payload.stage === stage)] as string;
    await first.sfn.sendTaskSuccess({ taskToken: tokenOf('PAYMENT_OUTSTANDING'), output: '{"letterOfCredit":"LC-889"}' });
    await first.sfn.stop();
    const second = await startHarness(dataDir);
    await second.sfn.stop();

    // Act
    const third = await startHarness(dataDir);
    await third.sfn.sendTaskSuccess({ taskToken: tokenOf('BOOKING'), output: '{"booking":"MAEU-BK-77"}' });
    const result = await third.sfn.whenSettled(executionArn as string);

    // Assess
    expect(second.calls).toEqual([]);
    expect(third.calls.map((c) => c.payload.stage)).toEqual(['DELIVERED']);
    expect(JSON.parse(result.output as string).evidence).toEqual([{ letterOfCredit: 'LC-889' }, { booking: 'MAEU-BK-77' }]);
    await third.sfn.stop();
  });
});
