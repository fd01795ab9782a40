/**
 * `npm run cost`: what one contract lifecycle costs on AWS at list prices, from a real lifecycle run on the
 * local runtime and the synthesized CDK template, compared with the same lifecycle built on hourly polling.
 * Prices: infra/cost-prices.json. Method and latest result: docs/cost.md. Writes
 * bench-results/cost-<timestamp>.json and bench-results/cost-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import prices from '../cost-prices.json';
import { PROJECT_ROOT } from '../stacks/tradeflow';
import { textTable } from './bench/text-table';
import { addUsage, costOf, lambdaGbSeconds, monthly, NO_USAGE, pollingUsage, scaleUsage, type Cost, type Deployment, type PriceSheet, type Usage } from './cost/cost-model';
import { synthesizeDeploymentFacts } from './cost/deployment-template';
import type { InvocationRecord } from './cost/invocation-meter';
import { measureLifecycle, type Window } from './cost/measure-lifecycle';

/** Staff and customer look at a contract about twice per stage; the harness's own polling reads are replaced by this. */
const HUMAN_API_READS_PER_CONTRACT = 30;
/** The brief's target: a callback lifecycle of ~12 stages, ~20 partner events and ~8 e-mails under $0.004. */
const TARGET = { stages: 12, partnerEvents: 20, emails: 8, maxUsd: 0.004 } as const;
const CONTRACTS_PER_MONTH = 10_000;
/** The polling alternative: one loop per open wait (payment and logistics tracks run in parallel), hourly, for 120 days. */
const POLLING = { durationDays: 120, concurrentWaits: 2, pollIntervalHours: 1, transitionsPerPoll: 3, lambdaDurationMs: 100 } as const;
/** Sensitivity: every invocation billed as if it took this long. */
const FLAT_INVOCATION_MS = 100;

const sheet = prices as unknown as PriceSheet;
const log = (line: string) => console.log(line);

/** The harness (lcContractToClosed's waitFor) polls GET routes every 50 ms: not part of a lifecycle. */
const isHarnessRead = (purpose: string) => purpose.startsWith('api GET ');
/** Hourly scheduled job: a fixed monthly cost, not per contract. */
const isScheduled = (purpose: string) => purpose === 'send-reminders';

function usageOf(window: Window, include: (purpose: string) => boolean, memoryOf: (functionId: string) => number, durationOf: (i: InvocationRecord) => number): Usage {
  const invocations = window.invocations.filter((i) => include(i.purpose));
  const dynamo = window.dynamoDb.filter((r) => include(r.caller));
  return {
    ...NO_USAGE,
    lambdaRequests: invocations.length,
    lambdaGbSeconds: lambdaGbSeconds(invocations.map((i) => ({ memoryMb: memoryOf(i.functionId), durationMs: durationOf(i) }))),
    dynamoDbWriteUnits: dynamo.reduce((s, r) => s + r.writeUnits, 0),
    dynamoDbReadUnits: dynamo.reduce((s, r) => s + r.readUnits, 0),
    eventBridgeEvents: window.events.reduce((s, e) => s + e.chunks, 0),
    emails: window.emails,
    apiRequests: invocations.filter((i) => i.functionId === 'api').length,
  };
}

const usd = (v: number) => (v === 0 ? '0' : v < 0.01 ? `$${v.toFixed(6)}` : `$${v.toFixed(2)}`);
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1));

async function main() {
  const started = performance.now();
  log('Synthesizing the CDK app (stub function code)…');
  const facts = synthesizeDeploymentFacts();
  const memoryOf = (id: string) => facts.functions.find((f) => f.functionId === id)?.memoryMb ?? Number.NaN;
  const architectures = new Set(facts.functions.map((f) => f.architecture));
  if (architectures.size !== 1) throw new Error(`Mixed Lambda architectures (${[...architectures].join(', ')}): price them per function.`);
  const deployment: Deployment = { lambdaArchitecture: [...architectures][0]!, apiKind: facts.apiKind };
  if (facts.stateMachineTypes.some((t) => t !== 'STANDARD')) throw new Error(`State machine type ${facts.stateMachineTypes.join(', ')}: this model prices Standard workflows only.`);
  if (facts.tableBillingModes.some((m) => m !== 'PAY_PER_REQUEST')) throw new Error(`Table billing ${facts.tableBillingModes.join(', ')}: this model prices on-demand only.`);
  log(`  ${facts.functions.length} functions (${deployment.lambdaArchitecture}, ${facts.functions.map((f) => `${f.functionId} ${f.memoryMb} MB`).join(', ')}); Step Functions ${facts.stateMachineTypes.join(', ')}; API ${facts.apiKind}; table ${facts.tableBillingModes.join(', ')} (synth ${(facts.synthMs / 1000).toFixed(1)} s)`);

  log('Running one lifecycle on the local runtime…');
  const m = await measureLifecycle((line) => log(`  ${line}`));
  if (m.history.status !== 'SUCCEEDED') throw new Error(`The measured execution ended ${m.history.status}, not SUCCEEDED.`);

  const measuredDuration = (i: InvocationRecord) => i.durationMs;
  const flatDuration = () => FLAT_INVOCATION_MS;
  const lifecycleWork = (p: string) => !isHarnessRead(p) && !isScheduled(p);

  // One human read of the contract, as the harness's GET /contracts/{id} reads measured it.
  const reads = m.lifecycle.invocations.filter((i) => i.purpose === 'api GET /contracts/{contractId}');
  const perRead = (durationOf: (i: InvocationRecord) => number) =>
    scaleUsage(usageOf({ ...m.lifecycle, events: [], emails: 0 }, (p) => p === 'api GET /contracts/{contractId}', memoryOf, durationOf), 1 / Math.max(1, reads.length));
  const partnerEventsMeasured = m.lifecycle.events.filter((e) => e.bus === 'tradeflow-partner').length;
  const extraWork = m.extraPartnerEvents.window.invocations.filter((i) => i.functionId !== 'ingest-partner-event' && !isScheduled(i.purpose));
  if (extraWork.length) log(`  note: the extra partner events also ran ${extraWork.map((i) => i.purpose).join(', ')} (no state transitions counted for them)`);

  const scenario = (durationOf: (i: InvocationRecord) => number) => {
    const lifecycle = addUsage(
      { ...usageOf(m.lifecycle, lifecycleWork, memoryOf, durationOf), stateTransitions: m.history.stateEntered },
      scaleUsage(perRead(durationOf), HUMAN_API_READS_PER_CONTRACT),
    );
    const perExtraEvent = scaleUsage(usageOf(m.extraPartnerEvents.window, (p) => !isScheduled(p), memoryOf, durationOf), 1 / m.extraPartnerEvents.count);
    const extraEvents = Math.max(0, TARGET.partnerEvents - partnerEventsMeasured);
    const extraEmails = Math.max(0, TARGET.emails - m.lifecycle.emails);
    const target = addUsage(lifecycle, scaleUsage(perExtraEvent, extraEvents), { ...NO_USAGE, emails: extraEmails });
    const loops = pollingUsage({ ...POLLING, lambdaMemoryMb: memoryOf('enter-stage'), readUnitsPerPoll: m.contractItemReadUnits });
    const polling = addUsage(lifecycle, loops);
    return { lifecycle, perExtraEvent, extraEvents, extraEmails, target, loops, polling };
  };
  const measured = scenario(measuredDuration);
  const flat = scenario(flatDuration);
  const bill = (u: Usage) => costOf(u, sheet, deployment);
  const costs = { lifecycle: bill(measured.lifecycle), target: bill(measured.target), polling: bill(measured.polling), loops: bill(measured.loops) };
  const flatCosts = { lifecycle: bill(flat.lifecycle), target: bill(flat.target), polling: bill(flat.polling) };

  // ---- report -------------------------------------------------------------------------------------------
  const byPurpose = new Map<string, { n: number; ms: number; gbs: number; rru: number; wru: number }>();
  for (const i of m.lifecycle.invocations) {
    const row = byPurpose.get(i.purpose) ?? { n: 0, ms: 0, gbs: 0, rru: 0, wru: 0 };
    row.n += 1;
    row.ms += i.durationMs;
    row.gbs += lambdaGbSeconds([{ memoryMb: memoryOf(i.functionId), durationMs: i.durationMs }]);
    byPurpose.set(i.purpose, row);
  }
  for (const r of m.lifecycle.dynamoDb) {
    const row = byPurpose.get(r.caller) ?? { n: 0, ms: 0, gbs: 0, rru: 0, wru: 0 };
    row.rru += r.readUnits;
    row.wru += r.writeUnits;
    byPurpose.set(r.caller, row);
  }
  log(`\nMeasured lifecycle of ${m.contractNumber}: ${m.stagesEntered.length} stages entered, execution ${m.history.status}, ${(m.lifecycle.wallMs / 1000).toFixed(1)} s wall clock`);
  log(`  history: ${m.history.events} events, ${m.history.stateEntered} states entered (= state transitions), task states by resource ${JSON.stringify(m.history.taskScheduledByResourceType)}`);
  log(`  events accepted: ${m.lifecycle.events.length} (${partnerEventsMeasured} partner, ${m.lifecycle.events.length - partnerEventsMeasured} domain); e-mails ${m.lifecycle.emails}`);
  const estimated = m.lifecycle.dynamoDb.filter((r) => r.estimated);
  log(`  DynamoDB: ${m.lifecycle.dynamoDb.length} requests${estimated.length ? `, ${estimated.length} failed conditional writes (estimated at 1 WRU per item, 2 in a transaction)` : ''}`);
  log('');
  log(textTable(
    ['invoked for', 'invocations', 'mean ms', 'GB-s', 'RRU', 'WRU', 'counted as'],
    [...byPurpose.entries()].sort((a, b) => b[1].n - a[1].n).map(([purpose, r]) => [purpose, String(r.n), r.n ? (r.ms / r.n).toFixed(1) : '', r.gbs.toFixed(3), num(r.rru), num(r.wru),
      isHarnessRead(purpose) ? `test-driver polling: replaced by ${HUMAN_API_READS_PER_CONTRACT} reads` : isScheduled(purpose) ? 'scheduled job, not per contract' : 'lifecycle']),
  ));
  log(`\nOne extra partner event (mean of ${m.extraPartnerEvents.count} carrier ETA updates, ${m.extraPartnerEvents.applied} applied): ${num(measured.perExtraEvent.lambdaRequests)} invocations, ${measured.perExtraEvent.lambdaGbSeconds.toFixed(4)} GB-s, ${num(measured.perExtraEvent.dynamoDbReadUnits)} RRU, ${num(measured.perExtraEvent.dynamoDbWriteUnits)} WRU, ${num(measured.perExtraEvent.eventBridgeEvents)} events`);

  const usageRows: [string, (u: Usage) => number][] = [
    ['state transitions', (u) => u.stateTransitions], ['Lambda invocations', (u) => u.lambdaRequests], ['Lambda GB-s', (u) => u.lambdaGbSeconds],
    ['DynamoDB WRU', (u) => u.dynamoDbWriteUnits], ['DynamoDB RRU', (u) => u.dynamoDbReadUnits], ['EventBridge events', (u) => u.eventBridgeEvents],
    ['SES e-mails', (u) => u.emails], ['API requests', (u) => u.apiRequests],
  ];
  log('\nUsage per contract');
  log(textTable(['', 'lifecycle (measured)', `target profile (${TARGET.partnerEvents} partner events)`, 'polling loops only'],
    usageRows.map(([name, f]) => [name, num(f(measured.lifecycle)), num(f(measured.target)), num(f(measured.loops))])));

  const costRows = (c: Cost[]) => c[0]!.lines.map((line, i) => [line.service, ...c.map((x) => usd(x.lines[i]!.usd))]);
  log(`\nCost per contract (${sheet.currency}, ${sheet.region} list prices recorded ${sheet.recordedOn}; re-check them: infra/cost-prices.json)`);
  log(textTable(['', 'callback lifecycle', 'target profile', 'hourly polling'], [
    ...costRows([costs.lifecycle, costs.target, costs.polling]),
    ['total per contract', usd(costs.lifecycle.totalUsd), usd(costs.target.totalUsd), usd(costs.polling.totalUsd)],
    [`per ${CONTRACTS_PER_MONTH.toLocaleString('en')} contracts/month`, usd(monthly(costs.lifecycle.totalUsd, CONTRACTS_PER_MONTH)), usd(monthly(costs.target.totalUsd, CONTRACTS_PER_MONTH)), usd(monthly(costs.polling.totalUsd, CONTRACTS_PER_MONTH))],
    [`sensitivity: every invocation ${FLAT_INVOCATION_MS} ms`, usd(flatCosts.lifecycle.totalUsd), usd(flatCosts.target.totalUsd), usd(flatCosts.polling.totalUsd)],
  ]));
  const met = costs.target.totalUsd < TARGET.maxUsd && flatCosts.target.totalUsd < TARGET.maxUsd;
  log(`\nTarget (~${TARGET.stages} stages, ~${TARGET.partnerEvents} partner events, ~${TARGET.emails} e-mails under $${TARGET.maxUsd}): ${met ? 'MET' : 'NOT MET'} — ${usd(costs.target.totalUsd)} with measured durations, ${usd(flatCosts.target.totalUsd)} at ${FLAT_INVOCATION_MS} ms per invocation.`);
  log(`Polling (${POLLING.durationDays} days, ${POLLING.concurrentWaits} loops, every ${POLLING.pollIntervalHours} h): the loops alone cost ${usd(costs.loops.totalUsd)} per contract, ${(costs.polling.totalUsd / costs.lifecycle.totalUsd).toFixed(0)}× the callback lifecycle.`);
  log(`Not priced: ${facts.unpricedResourceTypes.join(', ')}${facts.functions.some((f) => f.tracing) ? ', X-Ray active tracing' : ''}; CloudWatch Logs ingestion; data transfer; free tiers.`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = join(PROJECT_ROOT, 'bench-results');
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify({
    at: new Date().toISOString(), prices: { region: sheet.region, recordedOn: sheet.recordedOn }, deployment, facts,
    assumptions: { HUMAN_API_READS_PER_CONTRACT, TARGET, POLLING, FLAT_INVOCATION_MS, CONTRACTS_PER_MONTH },
    measured: {
      contractNumber: m.contractNumber, stagesEntered: m.stagesEntered, history: m.history, partnerEvents: partnerEventsMeasured, emails: m.lifecycle.emails,
      contractItemReadUnits: m.contractItemReadUnits, wallMs: m.lifecycle.wallMs, byPurpose: Object.fromEntries(byPurpose),
    },
    usage: { measured, flat }, costs, flatCosts, targetMet: met, tookMs: Math.round(performance.now() - started),
  }, null, 2);
  writeFileSync(join(out, `cost-${stamp}.json`), json);
  writeFileSync(join(out, 'cost-latest.json'), json);
  log(`\nWrote bench-results/cost-${stamp}.json (and cost-latest.json) in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('npm run cost failed:', error);
    process.exit(1);
  },
);
