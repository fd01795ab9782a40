/**
 * Runtime configuration: one zod schema over process.env, parsed once at start-up. The same code runs in
 * Lambda and on the local runtime; only these values (and the SDK's AWS_ENDPOINT_URL_* variables) differ.
 */
import * as z from 'zod';

const Config = z.object({
  TABLE_NAME: z.string().min(3),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  DOMAIN_EVENT_BUS_NAME: z.string().min(1),
  SENDER_ADDRESS: z.email(),
  SES_CONFIGURATION_SET: z.string().optional(),
  AWS_REGION: z.string().default('eu-west-1'),
  /** Public base URL of the API, for links in e-mails. */
  API_BASE_URL: z.url().default('https://tradeflow.example/api'),
  /** Local runtime only: milliseconds added to the wall clock (the controllable clock). Never set in AWS. */
  TRADEFLOW_CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
});
export type Config = z.infer<typeof Config>;

let cached: Config | undefined;

/** Reads and validates the environment once; a missing value fails the cold start with its name. */
export function config(): Config {
  if (!cached) {
    const parsed = Config.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For the local runtime and tests, which set the environment after import. */
export function resetConfigCache(): void {
  cached = undefined;
}
