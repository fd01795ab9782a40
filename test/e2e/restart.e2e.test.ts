/**
 * Stop the local runtime while executions wait, start it again over the same data directory: contracts,
 * timelines, waiting executions and their task tokens carry on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime';
import { deskClient } from '../../infra/local/desk-client';
import { lcIssued } from '../../infra/local/partner-event-builders';
import { createAndSign } from '../../infra/local/scenarios';
import { cifShanghaiRotterdamLc } from '../fixtures/contracts';

jest.setTimeout(120_000);

describe('restarting the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradeflow-restart-'));
  });
  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes a contract that was waiting for its L/C before the restart', async () => {
    runtime = await startLocalRuntime({ dataDir });
    const input = cifShanghaiRotterdamLc();
    const id = await createAndSign(deskClient(runtime), input);
    await runtime.idle(); // milestone e-mails are recorded on the timeline asynchronously
    const before = (await deskClient(runtime).call('manager', 'GET', `/contracts/${id}/timeline`)).body.items.length;
    await runtime.stop();

    runtime = await startLocalRuntime({ dataDir });
    const desk = deskClient(runtime);
    const after = await desk.call('manager', 'GET', `/contracts/${id}`);
    expect(after.status).toBe(200);
    expect(after.body.paymentStage).toBe('AWAITING_PAYMENT_SECURITY');
    expect((await desk.call('manager', 'GET', `/contracts/${id}/timeline`)).body.items.length).toBe(before);

    const lc = input.paymentTerms as { lcNumber: string; expiryDate: string; latestShipmentDate: string };
    await desk.publish(lcIssued({ lcNumber: lc.lcNumber, issueDate: (await desk.nowAsync()).slice(0, 10), expiryDate: lc.expiryDate, expiryPlace: 'SHANGHAI', currency: 'USD', amount: input.totalAmount, latestShipmentDate: lc.latestShipmentDate }));
    const moved = await desk.waitFor(id, (c) => c.paymentStage === 'PAYMENT_OUTSTANDING' && c.openWaits.some((w: { stage: string }) => w.stage === 'PAYMENT_OUTSTANDING'));
    expect(moved.logisticsStage).toBe('PRODUCTION');
  });
});
