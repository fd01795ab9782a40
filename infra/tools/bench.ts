/**
 * `npm run bench`: how fast and how big the local system is, on this machine. Not a test: it prints a table
 * and writes bench-results/bench-<timestamp>.json and bench-results/latest.json (gitignored). Method and
 * recorded numbers: docs/performance.md.
 *
 *  a. start → ready: `npm start` as a child process (until GET /openapi.json answers), and
 *     `startLocalRuntime` in this process (DynamoDB persisted on disk, as `npm start` does);
 *  b. contracts driven from draft to CLOSED per second (lcContractToClosed, several in flight);
 *  c. partner events applied per second, 10% exact duplicates, against raw PutItem writes;
 *  d. GET /contracts/{id} p50/p99 under 20 concurrent clients, against a bare node:http + GetItem server;
 *  e. peak memory of the whole runtime: this Node process plus the DynamoDB Local JVM.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { deskClient } from '../local/desk-client';
import { startLocalRuntime } from '../local/runtime';
import { lcContractToClosed } from '../local/scenarios';
import { startBareContractServer } from './bench/bare-contract-server';
import { benchContract } from './bench/bench-contracts';
import { runHttpLoad } from './bench/http-load';
import { sampleMemory } from './bench/memory-sampler';
import { measureNpmStart } from './bench/npm-start-startup';
import { inPool, newIngestTally, runPartnerEventBurst, runRawPutItems, tallyIngest } from './bench/partner-event-burst';
import { textTable } from './bench/text-table';

/** Sizes chosen to finish in about two minutes on 2 cores. */
const SIZE = {
  lifecycles: 20,
  lifecycleConcurrency: 10,
  eventContracts: 20,
  rawWrites: 2000,
  rawWriteConcurrency: 20,
  apiRequests: 2000,
  apiConcurrency: 20,
} as const;
const TARGETS = { startupMs: 15_000, memoryMib: 1024 } as const;
/** The repository root (not imported from the stacks: loading aws-cdk-lib would inflate the memory measured). */
const PROJECT_ROOT = join(__dirname, '..', '..');

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** First line a command prints (stdout, else stderr: `java -version` writes there). */
function command(file: string, args: string[]): string {
  const run = spawnSync(file, args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return (run.stdout?.trim() || run.stderr?.trim() || 'unknown').split('\n')[0]!;
}

function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    java: command('java', ['-version']),
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
    commit: command('git', ['rev-parse', '--short', 'HEAD']),
    dirtyWorkingTree: spawnSync('git', ['status', '--porcelain'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout.trim().length > 0,
  };
}

async function main() {
  const began = performance.now();
  const host = machine();
  log(`Tradeflow bench on ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}, ${host.java}`);

  log('a. npm start as a child process…');
  const npmStart = await measureNpmStart(PROJECT_ROOT);
  log(`   answered GET /openapi.json after ${seconds(npmStart.readyMs)}`);

  log('a. startLocalRuntime in this process (persisted DynamoDB)…');
  const dataDir = mkdtempSync(join(tmpdir(), 'tradeflow-bench-'));
  const tally = newIngestTally();
  const invocations = new Map<string, number>();
  const startedRuntime = performance.now();
  const runtime = await startLocalRuntime({
    dataDir,
    inMemory: false,
    log,
    aroundInvoke: async (functionId, _event, invoke) => {
      invocations.set(functionId, (invocations.get(functionId) ?? 0) + 1);
      let failed = true;
      let result: unknown;
      try {
        result = await invoke();
        failed = false;
        return result;
      } finally {
        if (functionId === 'ingest-partner-event') tallyIngest(tally, result, failed);
      }
    },
  });
  const inProcessReadyMs = Math.round(performance.now() - startedRuntime);
  const memory = sampleMemory(runtime.dynamoDbPid);
  const desk = deskClient(runtime);
  log(`   ready after ${seconds(inProcessReadyMs)} (runtime's own figure ${seconds(runtime.readyMs)})`);

  try {
    log(`b. ${SIZE.lifecycles} contracts from draft to CLOSED, ${SIZE.lifecycleConcurrency} in flight…`);
    const lifecyclesStarted = performance.now();
    const closedIds = await inPool(Array.from({ length: SIZE.lifecycles }, (_, i) => benchContract('CL', i + 1)), SIZE.lifecycleConcurrency, (c) =>
      lcContractToClosed(desk, c.input, () => undefined, c.bookingReference),
    );
    const lifecyclesMs = performance.now() - lifecyclesStarted;
    await runtime.idle();
    const lifecycles = {
      contracts: closedIds.length, concurrency: SIZE.lifecycleConcurrency, totalMs: Math.round(lifecyclesMs),
      contractsPerSecond: Math.round((closedIds.length / lifecyclesMs) * 1000 * 100) / 100,
      meanSecondsPerContract: Math.round((lifecyclesMs / closedIds.length) * SIZE.lifecycleConcurrency) / 1000,
    };
    log(`   ${lifecycles.contractsPerSecond} contracts/s (${seconds(lifecyclesMs)})`);

    log(`c. partner events for ${SIZE.eventContracts} contracts, 10% duplicates…`);
    const burst = await runPartnerEventBurst({ desk, idle: () => runtime.idle(), deadLetters: () => runtime.bus.listDeadLetters().length, tally, contracts: SIZE.eventContracts });
    log(`   ${burst.events} events applied in ${seconds(burst.appliedMs)}: ${burst.eventsPerSecond} events/s`);
    const raw = await runRawPutItems({ endpoint: runtime.dynamoDbUrl, items: SIZE.rawWrites, concurrency: SIZE.rawWriteConcurrency });
    log(`   raw PutItem: ${raw.writesPerSecond} writes/s`);

    log(`d. ${SIZE.apiRequests} × GET /contracts/{id}, ${SIZE.apiConcurrency} concurrent clients…`);
    const contractId = closedIds[0]!;
    await runHttpLoad({ url: `${runtime.apiUrl}/contracts/${contractId}`, headers: { authorization: `Bearer ${runtime.tokens.operations!.token}` }, requests: 100, concurrency: SIZE.apiConcurrency }); // warm-up
    const api = await runHttpLoad({ url: `${runtime.apiUrl}/contracts/${contractId}`, headers: { authorization: `Bearer ${runtime.tokens.operations!.token}` }, requests: SIZE.apiRequests, concurrency: SIZE.apiConcurrency });
    const bareServer = await startBareContractServer({ endpoint: runtime.dynamoDbUrl, tableName: 'tradeflow' });
    await runHttpLoad({ url: `${bareServer.url}/contracts/${contractId}`, requests: 100, concurrency: SIZE.apiConcurrency }); // warm-up
    const bare = await runHttpLoad({ url: `${bareServer.url}/contracts/${contractId}`, requests: SIZE.apiRequests, concurrency: SIZE.apiConcurrency });
    await bareServer.close();
    log(`   API p50 ${api.p50Ms} ms p99 ${api.p99Ms} ms; bare p50 ${bare.p50Ms} ms p99 ${bare.p99Ms} ms`);

    const peaks = memory.stop();
    const nodeMemoryAtEnd = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1024 / 1024)]));
    const results = {
      startup: { npmStartMs: npmStart.readyMs, npmStartReportedMs: npmStart.reportedReadyMs, inProcessMs: inProcessReadyMs, runtimeReportedMs: runtime.readyMs, targetMs: TARGETS.startupMs },
      lifecycles,
      partnerEvents: { ...burst, raw, ratioToRawWrites: Math.round((burst.eventsPerSecond / raw.writesPerSecond) * 1000) / 1000 },
      api: { viaApi: api, bare, p50Ratio: Math.round((api.p50Ms / bare.p50Ms) * 10) / 10, p99Ratio: Math.round((api.p99Ms / bare.p99Ms) * 10) / 10 },
      memory: { ...peaks, targetMib: TARGETS.memoryMib, nodeMemoryAtEndMib: nodeMemoryAtEnd },
      invocations: Object.fromEntries(invocations),
    };
    const checks = {
      npmStartUnder15s: npmStart.readyMs < TARGETS.startupMs,
      inProcessStartUnder15s: inProcessReadyMs < TARGETS.startupMs,
      memoryUnder1GiB: Math.max(peaks.peakTotalMib, peaks.highWaterSumMib) < TARGETS.memoryMib,
      duplicatesNotRecorded: burst.tally.recorded === burst.events - burst.duplicates,
      noFailedDeliveries: burst.tally.failed === 0 && burst.deadLetters === 0 && burst.tally.quarantined === 0,
      apiAnswered200: Object.keys(api.statuses).join() === '200' && Object.keys(bare.statuses).join() === '200',
    };

    const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
    const rows: string[][] = [
      ['a', 'npm start → GET /openapi.json answers', seconds(npmStart.readyMs), '< 15 s', ok(checks.npmStartUnder15s)],
      ['a', 'startLocalRuntime → ready (in process, persisted)', seconds(inProcessReadyMs), '< 15 s', ok(checks.inProcessStartUnder15s)],
      ['b', `contracts draft → CLOSED (${lifecycles.contracts}, ${lifecycles.concurrency} in flight)`, `${lifecycles.contractsPerSecond}/s`, '', ''],
      ['b', 'mean time for one contract while others run', `${lifecycles.meanSecondsPerContract.toFixed(1)} s`, '', ''],
      ['c', `partner events applied (${burst.events}, ${burst.duplicates} duplicates)`, `${burst.eventsPerSecond}/s`, '', ok(checks.duplicatesNotRecorded && checks.noFailedDeliveries)],
      ['c', `raw PutItem (${raw.items}, ${raw.concurrency} concurrent)`, `${raw.writesPerSecond}/s`, '', ''],
      ['c', 'events/s ÷ raw writes/s', `${results.partnerEvents.ratioToRawWrites}`, '', ''],
      ['d', `API GET /contracts/{id} p50 / p99 (${api.requests}, ${api.concurrency} clients)`, `${api.p50Ms} / ${api.p99Ms} ms`, '', ok(checks.apiAnswered200)],
      ['d', 'bare node:http + GetItem p50 / p99', `${bare.p50Ms} / ${bare.p99Ms} ms`, '', ''],
      ['d', 'API ÷ bare, p50 / p99', `${results.api.p50Ratio} / ${results.api.p99Ratio}`, '', ''],
      ['d', 'API / bare throughput', `${api.requestsPerSecond} / ${bare.requestsPerSecond} req/s`, '', ''],
      ['e', 'peak RSS: Node + DynamoDB Local JVM (sampled)', `${peaks.peakTotalMib} MiB`, '< 1024 MiB', ok(checks.memoryUnder1GiB)],
      ['e', '  of which Node / JVM (each at its peak)', `${peaks.peakNodeMib} / ${peaks.peakJavaMib} MiB`, '', ''],
      ['e', '  high-water marks summed (upper bound)', `${peaks.highWaterSumMib} MiB`, '', ''],
      ['e', '  Node / JVM right after start-up', `${peaks.atStartNodeMib} / ${peaks.atStartJavaMib} MiB`, '', ''],
    ];
    console.log(`\nTradeflow local bench — ${host.cpus} cores (${host.cpuModel}), Node ${host.node}; load average ${host.loadAverageAtStart[0]} at start, ${loadavg()[0]!.toFixed(2)} at end\n`);
    console.log(textTable(['', 'measure', 'result', 'target', ''], rows));

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const out = join(PROJECT_ROOT, 'bench-results');
    mkdirSync(out, { recursive: true });
    const json = JSON.stringify({ at: new Date().toISOString(), machine: { ...host, loadAverageAtEnd: loadavg().map((v) => Math.round(v * 100) / 100) }, size: SIZE, results, checks, tookMs: Math.round(performance.now() - began) }, null, 2);
    writeFileSync(join(out, `bench-${stamp}.json`), json);
    writeFileSync(join(out, 'latest.json'), json);
    console.log(`\nWrote bench-results/bench-${stamp}.json and bench-results/latest.json (${seconds(performance.now() - began)} in all).`);
    if (Object.values(checks).some((pass) => !pass)) process.exitCode = 1;
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error('npm run bench failed:', error);
    process.exit(1);
  },
);
