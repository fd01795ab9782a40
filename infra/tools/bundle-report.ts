/**
 * Bundle report: bundles every function of infra/functions-catalog.ts exactly as the CDK stack does
 * (infra/constructs/catalog-functions.ts: local esbuild, ESM, minified, tree-shaken, AWS SDK bundled), then
 * prints and writes (bench-results/bundles.json) per function:
 *
 * - the deployed `index.mjs` size (minified bytes), gzip size, and what of it is AWS SDK (@aws-sdk, @smithy,
 *   @aws-crypto) — the part Lambda's runtime would provide if the SDK were marked external;
 * - the largest inputs by package, from esbuild's metafile;
 * - module initialisation: `import()` of the bundle in a fresh `node` process with the function's
 *   environment (dummy values) and NODE_OPTIONS=--enable-source-maps as CDK sets it; median of 5 processes;
 * - first and warm invocation: the handler called with a representative event, its AWS calls answered by a
 *   local stub endpoint (AWS_ENDPOINT_URL), so the first call pays client construction, credential lookup,
 *   signing and one HTTP round-trip each — the cold path of the SDK; median of the same 5 processes.
 *
 * Times are this machine's, not Lambda's: docs/performance-lambda.md says how they are read.
 *
 * @example npm run bundle-report            # all functions, 5 runs each
 * @example npm run bundle-report -- --runs 9 enter-stage api
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { functionsCatalog, type FunctionDefinition } from '../functions-catalog';
import { transportEvent } from '../local/partner-event-builders';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The esbuild options of `bundling` in infra/constructs/catalog-functions.ts, as the esbuild API spells
 * them. CDK runs `esbuild --bundle <entry> --target=node24 --platform=node --format=esm --minify --sourcemap
 * --sources-content=false --tsconfig=… --banner:js=… --main-fields=module,main --tree-shaking=true` with no
 * `--external` (externalModules: []). test/unit/bundle-size.test.ts compares these with the command CDK
 * builds, so a change there fails the test until this follows.
 */
export const CDK_BUNDLING = {
  bundle: true,
  target: 'node24',
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  external: [],
  tsconfig: join(ROOT, 'tsconfig.json'),
  treeShaking: true,
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
} as const satisfies BuildOptions;

/** The budget of the performance issue: every deployed handler bundle at most this many minified bytes. */
export const BUNDLE_BUDGET_BYTES = 250 * 1024;

/** Packages the Lambda nodejs runtime ships (AWS SDK v3 and its Smithy core). */
export const isAwsSdkInput = (path: string): boolean => /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws\/lambda-invoke-store)\//.test(path);

export interface BundleResult {
  id: string;
  entry: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  awsSdkBytes: number;
  /** Bytes that are not AWS SDK: the bundle's size if @aws-sdk/* and @smithy/* were external. */
  withoutAwsSdkBytes: number;
  /** Largest contributors, by npm package or by repository folder. */
  largestInputs: Array<{ input: string; bytes: number }>;
  /** Which AWS SDK clients the bundle contains (e.g. client-dynamodb). */
  awsClients: string[];
  outfile: string;
}

/** Bundles one catalog function with the CDK options into `outdir/<id>/index.mjs`. */
export async function bundleFunction(definition: Pick<FunctionDefinition, 'id' | 'entry'>, outdir: string): Promise<BundleResult> {
  const outfile = join(outdir, definition.id, 'index.mjs');
  const result = await build({ ...CDK_BUNDLING, external: [...CDK_BUNDLING.external], mainFields: [...CDK_BUNDLING.mainFields], entryPoints: [join(ROOT, definition.entry)], outfile, metafile: true, logLevel: 'warning', absWorkingDir: ROOT });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('index.mjs'));
  if (!output) throw new Error(`esbuild wrote no index.mjs for ${definition.id}`);
  const code = readFileSync(outfile);
  const inputs = Object.entries(output[1].inputs);
  const awsSdkBytes = inputs.filter(([path]) => isAwsSdkInput(path)).reduce((sum, [, i]) => sum + i.bytesInOutput, 0);
  return {
    id: definition.id,
    entry: definition.entry,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    sourceMapBytes: statSync(`${outfile}.map`).size,
    awsSdkBytes,
    withoutAwsSdkBytes: code.length - awsSdkBytes,
    largestInputs: largestInputs(output[1].inputs),
    awsClients: [...new Set(inputs.map(([path]) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(path)?.[1]).filter((c): c is string => c !== undefined))].sort(),
    outfile,
  };
}

function largestInputs(inputs: Record<string, { bytesInOutput: number }>, top = 8) {
  const byGroup = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const group = pkg ?? path.split('/').slice(0, 2).join('/');
    byGroup.set(group, (byGroup.get(group) ?? 0) + bytesInOutput);
  }
  return [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, top).map(([input, bytes]) => ({ input, bytes }));
}

/** The environment CDK gives every function (dummy values) plus what Lambda itself sets. */
export function lambdaEnvironment(id: string, endpoint: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    TABLE_NAME: 'tradeflow-contracts',
    STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:000000000000:stateMachine:tradeflow-contract-lifecycle',
    DOMAIN_EVENT_BUS_NAME: 'tradeflow-domain',
    SENDER_ADDRESS: 'tradeflow@sino-export.example',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDBUNDLEREPORT',
    AWS_SECRET_ACCESS_KEY: 'bundle-report-secret',
    AWS_SESSION_TOKEN: 'bundle-report-token',
    AWS_ENDPOINT_URL: endpoint,
    AWS_LAMBDA_FUNCTION_NAME: `tradeflow-${id}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/** One representative event per function: what its trigger sends in production. */
export function representativeEvent(id: string): unknown {
  const contractId = '01JQ7Z8K4M5N6P7Q8R9S0T1V2W';
  const partner = transportEvent('DEPA', { at: '2026-02-10T13:50:00+08:00', bookingReference: 'BKG260210001', billOfLading: 'EXCU2602100001', location: 'CNSHA' });
  const events: Record<string, unknown> = {
    api: {
      httpMethod: 'GET', resource: '/contracts', path: '/contracts', headers: {}, queryStringParameters: { limit: '25' }, body: null, isBase64Encoded: false,
      requestContext: { authorizer: { claims: { sub: 'ops-1', 'cognito:groups': 'operations', email: 'ops@sino-export.example' } } },
    },
    'plan-lifecycle': { contractId, executionId: 'exec-1' },
    'enter-stage': { contractId, stage: 'PENDING_APPROVAL', executionId: 'exec-1', taskToken: 'token-1' },
    escalate: { contractId, stage: 'PENDING_APPROVAL', executionId: 'exec-1' },
    'ingest-partner-event': { id: 'evt-1', source: partner.Source, 'detail-type': partner.DetailType, detail: JSON.parse(partner.Detail) as unknown, time: '2026-02-10T05:50:00Z' },
    'notify-customer': { source: 'tradeflow.contracts', 'detail-type': 'ContractStageChanged', detail: { contractId, stage: 'SIGNED' } },
    'send-reminders': { source: 'aws.scheduler' },
  };
  if (!(id in events)) throw new Error(`No representative event for ${id}: add one to infra/tools/bundle-report.ts`);
  return events[id];
}

/**
 * A stand-in for every AWS endpoint: 200 with an empty JSON document. DynamoDB reads find nothing, writes
 * succeed, PutEvents/SendEmail/SendTaskSuccess succeed: enough for the SDK to do all of its work.
 */
export async function startStubAws(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count += 1;
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = target.startsWith('DynamoDB_') ? (/Query$/.test(target) ? '{"Items":[],"Count":0}' : '{}') : '{}';
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `stub-${count}` }).end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Run in the child process: import, then a first and a warm invocation; one JSON line on stdout. */
const CHILD = `
const marker = 'BUNDLE_REPORT ';
const t0 = performance.now();
const mod = await import(process.env.BUNDLE_URL);
const initMs = performance.now() - t0;
const event = JSON.parse(process.env.BUNDLE_EVENT);
const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME, memoryLimitInMB: '256', awsRequestId: 'r-1', logGroupName: 'g', logStreamName: 's', getRemainingTimeInMillis: () => 10000, callbackWaitsForEmptyEventLoop: false };
const invoke = async () => { const s = performance.now(); let outcome = 'ok'; try { await mod.handler(event, context); } catch (e) { outcome = (e && e.name ? e.name : 'Error') + ': ' + String(e && e.message).slice(0, 120); } return { ms: performance.now() - s, outcome }; };
const first = await invoke();
const warm = await invoke();
process.stdout.write('\\n' + marker + JSON.stringify({ initMs, firstMs: first.ms, firstOutcome: first.outcome, warmMs: warm.ms, rssMb: process.memoryUsage().rss / 1048576 }) + '\\n');
`;

export interface TimingRun {
  initMs: number;
  firstMs: number;
  firstOutcome: string;
  warmMs: number;
  rssMb: number;
}

/** One fresh `node` process: import the bundle, invoke it twice. */
export function timeOnce(bundle: BundleResult, endpoint: string): Promise<TimingRun> {
  const env = { ...lambdaEnvironment(bundle.id, endpoint), BUNDLE_URL: pathToFileURL(bundle.outfile).href, BUNDLE_EVENT: JSON.stringify(representativeEvent(bundle.id)) };
  return new Promise((ok, fail) => {
    execFile(process.execPath, ['--input-type=module', '-e', CHILD], { env, cwd: join(bundle.outfile, '..'), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BUNDLE_REPORT '));
      if (error || !line) return fail(new Error(`${bundle.id}: ${error?.message ?? 'no timing line'}\n${stderr.slice(-2000)}`));
      ok(JSON.parse(line.slice('BUNDLE_REPORT '.length)) as TimingRun);
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const only = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1);
  const catalog = functionsCatalog.filter((f) => only.length === 0 || only.includes(f.id));
  const outdir = join(ROOT, 'bench-results', 'bundles');
  mkdirSync(outdir, { recursive: true });

  const stub = await startStubAws();
  const rows = [];
  try {
    for (const definition of catalog) {
      const bundle = await bundleFunction(definition, outdir);
      const timings: TimingRun[] = [];
      for (let i = 0; i < runs; i++) timings.push(await timeOnce(bundle, stub.url));
      const row = {
        ...bundle,
        outfile: bundle.outfile.slice(ROOT.length + 1),
        memoryMb: definition.memoryMb,
        withinBudget: bundle.bytes <= BUNDLE_BUDGET_BYTES,
        initMs: { median: round1(median(timings.map((t) => t.initMs))), runs: timings.map((t) => round1(t.initMs)) },
        firstInvokeMs: { median: round1(median(timings.map((t) => t.firstMs))), outcome: timings[0]!.firstOutcome },
        warmInvokeMs: { median: round1(median(timings.map((t) => t.warmMs))) },
        rssMb: round1(Math.max(...timings.map((t) => t.rssMb))),
      };
      rows.push(row);
      console.log(
        `${definition.id.padEnd(22)} ${kb(row.bytes).padStart(10)} (gzip ${kb(row.gzipBytes).padStart(9)}, SDK ${kb(row.awsSdkBytes).padStart(9)}, rest ${kb(row.withoutAwsSdkBytes).padStart(9)})` +
          `  init ${String(row.initMs.median).padStart(6)} ms  first ${String(row.firstInvokeMs.median).padStart(6)} ms  warm ${String(row.warmInvokeMs.median).padStart(5)} ms  rss ${row.rssMb} MB  [${row.awsClients.join(', ')}]`,
      );
      console.log(`${''.padEnd(22)} largest: ${row.largestInputs.map((i) => `${i.input} ${kb(i.bytes)}`).join(', ')}`);
    }
  } finally {
    await stub.close();
  }

  const report = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform, arch: process.arch, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length },
    bundling: { ...CDK_BUNDLING, tsconfig: 'tsconfig.json', note: 'The options of infra/constructs/catalog-functions.ts; the AWS SDK is bundled (externalModules: []).' },
    budgetBytes: BUNDLE_BUDGET_BYTES,
    runsPerFunction: runs,
    functions: rows,
  };
  writeFileSync(join(ROOT, 'bench-results', 'bundles.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote bench-results/bundles.json (${rows.length} functions, ${runs} processes each). Budget ${kb(BUNDLE_BUDGET_BYTES)}: ${rows.filter((r) => r.withinBudget).length}/${rows.length} within.`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
