/**
 * Deploy configuration of the Tradeflow CDK app: one zod schema over CDK context (`cdk.json`, `-c key=value`),
 * parsed once in `infra/app.ts` and handed to every stack. No CDK import here, so tools and docs can read the
 * same names and defaults without loading aws-cdk-lib.
 *
 * Deploy-time values are context, not CfnParameters: the sender domain decides the SES identity and the partner
 * accounts decide the bus policy at synth time, so the template a reviewer reads is the template that deploys.
 */
import * as z from 'zod';

const accountId = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');

/** A list given on the command line (`-c partnerAccountIds=111111111111,222222222222`) or as a JSON array in cdk.json. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((entry) => entry.trim())
            .filter((entry) => entry.length > 0)
        : value,
    z.array(item),
  );

const TradeflowConfigSchema = z.object({
  /** Prefix of the physical names we choose (state machine, buses, SES configuration set, WAF). */
  namePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}$/, 'lower-case letters, digits and dashes, at most 31 characters')
    .default('tradeflow'),
  /** From address of every e-mail; its domain becomes the SES identity (DKIM records are stack outputs). */
  senderAddress: z.email().default('no-reply@tradeflow.example'),
  /** AWS accounts of carriers, banks and ERPs allowed to put events on the partner bus. */
  partnerAccountIds: list(accountId).default([]),
  /** Where alarm notifications go; without it the alarm topic has no subscriber (subscribe by hand). */
  alarmEmail: z.email().optional(),
  /** Public base URL of the API for links in e-mails (a custom domain); the default API URL would make a cycle. */
  apiBaseUrl: z.url().optional(),
  /** Browser origins allowed by CORS. Empty: no CORS (no OPTIONS methods at all). */
  corsAllowedOrigins: list(z.url()).default([]),
  /** Stage-wide API throttling; WAF adds a per-IP rate limit on top. */
  apiRateLimit: z.coerce.number().positive().default(50),
  apiBurstLimit: z.coerce.number().int().positive().default(100),
  /** Requests per 5 minutes from one IP before WAF blocks it. */
  wafRateLimitPer5Minutes: z.coerce.number().int().min(10).default(1000),
  logRetentionDays: z.coerce.number().int().positive().default(90),
  /** How long the partner bus archive keeps events for replay. */
  partnerArchiveRetentionDays: z.coerce.number().int().positive().default(365),
  /**
   * `bundle`: esbuild every catalog entry (what `cdk synth`/`deploy` use). `stub`: inline placeholder code,
   * for template tests only — fast, and independent of the handler files.
   */
  functionCode: z.enum(['bundle', 'stub']).default('bundle'),
});

/** The parsed deploy configuration. */
export type TradeflowConfig = z.infer<typeof TradeflowConfigSchema>;

/** Context keys read by {@link readTradeflowConfig}; each may also be given as `tradeflow:<key>`. */
export const CONFIG_KEYS = Object.keys(TradeflowConfigSchema.shape) as (keyof TradeflowConfig)[];

/**
 * Reads the configuration from CDK context. Throws with every offending key when a value is invalid, so
 * `cdk synth` stops before anything is built.
 *
 * @example
 * const config = readTradeflowConfig((key) => app.node.tryGetContext(key));
 */
export function readTradeflowConfig(lookup: (key: string) => unknown): TradeflowConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = lookup(`tradeflow:${key}`) ?? lookup(key);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = TradeflowConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid Tradeflow deploy configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The domain of an e-mail address: the SES identity that authorises sending from it. */
export function senderDomain(config: Pick<TradeflowConfig, 'senderAddress'>): string {
  const at = config.senderAddress.lastIndexOf('@');
  return config.senderAddress.slice(at + 1).toLowerCase();
}

/** True while the sender is the synth-only placeholder: deploying it would create an identity nobody can verify. */
export function usesPlaceholderSender(config: Pick<TradeflowConfig, 'senderAddress'>): boolean {
  return senderDomain(config) === 'tradeflow.example';
}

/**
 * Observability contract between handlers and alarms. `ingest-partner-event` emits the quarantine count with
 * Powertools Metrics (EMF, so no cloudwatch:PutMetricData permission): namespace and service come from the
 * function environment, and no further dimensions, so the series is exactly `{service=<SERVICE_NAME>}`.
 */
export const OBSERVABILITY = {
  serviceName: 'tradeflow',
  metricsNamespace: 'Tradeflow',
  partnerEventsQuarantined: 'PartnerEventsQuarantined',
} as const;

/** Lambda asynchronous invocation and EventBridge target retry settings (not in the catalog: they are deploy policy). */
export const DELIVERY = {
  /** Lambda async retries after the first attempt (0–2). */
  lambdaAsyncRetryAttempts: 2,
  lambdaAsyncMaxEventAgeHours: 6,
  /** EventBridge retries delivering to a target before the event goes to the rule's DLQ. */
  ruleTargetRetryAttempts: 8,
  ruleTargetMaxEventAgeHours: 24,
  /** How long a dead letter waits for a redrive. */
  deadLetterRetentionDays: 14,
} as const;
