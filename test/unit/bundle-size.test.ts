/**
 * The deployed handler bundles: built with the CDK stack's esbuild options (infra/tools/bundle-report.ts),
 * each carries only the AWS SDK clients of the ports its handler wires, and those match its IAM grants.
 * Sizes are checked against budgets; no timing is asserted here (`npm run bundle-report` measures it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TELEMETRY } from '../../functions/commons/powertools';
import { OBSERVABILITY } from '../../infra/config';
import { CatalogFunctions, type GrantTargets } from '../../infra/constructs/catalog-functions';
import { functionsCatalog, type FunctionGrant } from '../../infra/functions-catalog';
import { BUNDLE_BUDGET_BYTES, CDK_BUNDLING, bundleFunction, type BundleResult } from '../../infra/tools/bundle-report';

const ROOT = join(__dirname, '..', '..');

/** Which SDK client each grant needs: a client without its grant, or a grant without its client, is a bug. */
const CLIENT_OF_GRANT: Record<FunctionGrant, string> = {
  'table:read': 'client-dynamodb',
  'table:write': 'client-dynamodb',
  'workflow:start': 'client-sfn',
  'workflow:callback': 'client-sfn',
  'workflow:stop': 'client-sfn',
  'domainBus:put': 'client-eventbridge',
  'email:send': 'client-sesv2',
};

/**
 * Minified bytes per function, measured (docs/performance-lambda.md) plus ~5 %: a guard against growth.
 * zod is imported as a namespace and i18n-iso-countries without its locales (both enforced by ESLint).
 * The goal is BUNDLE_BUDGET_BYTES (250 KB): the AWS SDK (~380 KB, bundled on purpose so the tested
 * version is the one that runs), X-Ray (~97 KB) and zod (~105 KB) alone exceed it.
 */
const CEILING_KB: Record<string, number> = {
  api: 1090,
  'plan-lifecycle': 950,
  'enter-stage': 995,
  escalate: 1035,
  'ingest-partner-event': 1060,
  'notify-customer': 1005,
  'send-reminders': 1005,
};

describe('handler bundles (CDK esbuild options)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'tradeflow-bundles-'));
  const bundles = new Map<string, BundleResult>();

  beforeAll(async () => {
    // Prepare
    for (const definition of functionsCatalog) bundles.set(definition.id, await bundleFunction(definition, outdir));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it.each(functionsCatalog.map((f) => [f.id, f] as const))('%s bundles exactly the SDK clients its grants allow', (id, definition) => {
    // Assess
    const expected = [...new Set(definition.grants.map((g) => CLIENT_OF_GRANT[g]))].sort();
    expect(bundles.get(id)!.awsClients).toEqual(expected);
  });

  it.each(functionsCatalog.map((f) => [f.id] as const))('%s stays within its size ceiling', (id) => {
    const bundle = bundles.get(id)!;
    expect(bundle.bytes).toBeLessThanOrEqual((CEILING_KB[id] ?? BUNDLE_BUDGET_BYTES / 1024) * 1024);
  });
});

describe('bundle report mirrors the CDK bundling', () => {
  it('passes esbuild the flags CatalogFunctions gives NodejsFunction', () => {
    // Prepare: capture the bundling command CDK builds, without bundling.
    const captured: string[][] = [];
    const fromAsset = jest.spyOn(lambda.Code, 'fromAsset').mockImplementation((_path, options) => {
      captured.push([...((options?.bundling as { command?: string[] } | undefined)?.command ?? [])]);
      return lambda.Code.fromInline('exports.handler = async () => undefined;') as unknown as lambda.AssetCode;
    });
    try {
      const stack = new Stack(new App(), 'BundlingParity');
      new CatalogFunctions(stack, 'Functions', {
        catalog: [{ ...functionsCatalog[1], grants: [] }],
        projectRoot: ROOT,
        code: 'bundle',
        environment: {},
        logRetentionDays: 30,
        invokedAsynchronously: new Set(),
        grantTargets: {} as GrantTargets,
      });
    } finally {
      fromAsset.mockRestore();
    }

    // Act
    const shell = captured[0]?.[2] ?? '';
    const flags = shellWords(shell).filter((w) => w.startsWith('--') && !w.startsWith('--outfile=') && w !== '--bundle');

    // Assess
    const expected = [
      `--target=${CDK_BUNDLING.target}`,
      `--platform=${CDK_BUNDLING.platform}`,
      `--format=${CDK_BUNDLING.format}`,
      ...(CDK_BUNDLING.minify ? ['--minify'] : []),
      ...(CDK_BUNDLING.sourcemap ? ['--sourcemap'] : []),
      `--sources-content=${CDK_BUNDLING.sourcesContent}`,
      ...CDK_BUNDLING.external.map((e) => `--external:${e}`),
      '--tsconfig=/asset-input/tsconfig.json',
      `--banner:js=${CDK_BUNDLING.banner.js}`,
      `--main-fields=${CDK_BUNDLING.mainFields.join(',')}`,
      `--tree-shaking=${CDK_BUNDLING.treeShaking}`,
    ];
    expect(flags.sort()).toEqual(expected.sort());
  });
});

describe('metric names', () => {
  it('are the names the CloudWatch alarms read', () => {
    expect(TELEMETRY.serviceName).toBe(OBSERVABILITY.serviceName);
    expect(TELEMETRY.metricsNamespace).toBe(OBSERVABILITY.metricsNamespace);
    expect(TELEMETRY.metrics.partnerEventsQuarantined).toBe(OBSERVABILITY.partnerEventsQuarantined);
  });
});

/** Splits a POSIX shell command as CDK quotes it: every word in single quotes, `'\''` for a quote inside. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (ch === '\\') {
      word = (word ?? '') + command[++i];
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
