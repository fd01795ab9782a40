/**
 * The arithmetic of `npm run cost`, kept pure: usage counts in, dollars out. Prices come from
 * infra/cost-prices.json (one sheet, with sources); the measuring lives in cost.ts and its helpers.
 */

/** Keys of infra/cost-prices.json `prices`. */
export type PriceKey =
  | 'stepFunctionsStandardStateTransition'
  | 'lambdaRequest'
  | 'lambdaArm64GbSecond'
  | 'lambdaX86GbSecond'
  | 'dynamoDbOnDemandWriteRequestUnit'
  | 'dynamoDbOnDemandReadRequestUnit'
  | 'eventBridgeCustomEvent'
  | 'sesOutboundEmail'
  | 'apiGatewayRestRequest'
  | 'apiGatewayHttpRequest';

/** One published price: `usd` per `per` units. */
export interface Price {
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
}

/** The shape of infra/cost-prices.json. */
export interface PriceSheet {
  readonly region: string;
  readonly currency: string;
  readonly recordedOn: string;
  readonly checked: string;
  readonly prices: Readonly<Record<PriceKey, Price>>;
}

/** What one contract lifecycle (or any slice of work) uses of each priced dimension. */
export interface Usage {
  readonly stateTransitions: number;
  readonly lambdaRequests: number;
  readonly lambdaGbSeconds: number;
  readonly dynamoDbWriteUnits: number;
  readonly dynamoDbReadUnits: number;
  /** PutEvents entries, counted in 64 KB chunks. */
  readonly eventBridgeEvents: number;
  readonly emails: number;
  readonly apiRequests: number;
}

/** Which price applies where the deployment has a choice (read from the synthesized template). */
export interface Deployment {
  readonly lambdaArchitecture: 'arm64' | 'x86_64';
  readonly apiKind: 'REST' | 'HTTP';
}

/** One line of a bill. */
export interface CostLine {
  readonly service: string;
  readonly quantity: number;
  readonly unit: string;
  readonly priceKey: PriceKey;
  readonly usd: number;
}

/** A bill: its lines and their sum. */
export interface Cost {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

export const NO_USAGE: Usage = {
  stateTransitions: 0, lambdaRequests: 0, lambdaGbSeconds: 0, dynamoDbWriteUnits: 0, dynamoDbReadUnits: 0, eventBridgeEvents: 0, emails: 0, apiRequests: 0,
};

/**
 * Dollars per single unit of a price.
 *
 * @example
 * unitPrice(sheet, 'stepFunctionsStandardStateTransition'); // 0.000025
 */
export function unitPrice(sheet: PriceSheet, key: PriceKey): number {
  const price = sheet.prices[key];
  if (!price || !(price.per > 0) || !(price.usd >= 0)) throw new Error(`infra/cost-prices.json: price ${key} is missing or invalid`);
  return price.usd / price.per;
}

/**
 * Billed GB-seconds of Lambda invocations: each duration rounded up to the next millisecond (Lambda's
 * billing granularity), times the configured memory in GB (MB / 1024).
 *
 * @example
 * lambdaGbSeconds([{ memoryMb: 1024, durationMs: 99.2 }]); // 0.1
 */
export function lambdaGbSeconds(invocations: readonly { memoryMb: number; durationMs: number }[]): number {
  return invocations.reduce((sum, i) => sum + (Math.max(1, Math.ceil(i.durationMs)) / 1000) * (i.memoryMb / 1024), 0);
}

/**
 * The bill for `usage` at the sheet's prices.
 *
 * @example
 * costOf({ ...NO_USAGE, stateTransitions: 1000 }, sheet, { lambdaArchitecture: 'arm64', apiKind: 'REST' }).totalUsd; // 0.025
 */
export function costOf(usage: Usage, sheet: PriceSheet, deployment: Deployment): Cost {
  const line = (service: string, quantity: number, unit: string, priceKey: PriceKey): CostLine => ({ service, quantity, unit, priceKey, usd: quantity * unitPrice(sheet, priceKey) });
  const lines = [
    line('Step Functions (Standard)', usage.stateTransitions, 'state transitions', 'stepFunctionsStandardStateTransition'),
    line('Lambda requests', usage.lambdaRequests, 'invocations', 'lambdaRequest'),
    line(`Lambda compute (${deployment.lambdaArchitecture})`, usage.lambdaGbSeconds, 'GB-s', deployment.lambdaArchitecture === 'arm64' ? 'lambdaArm64GbSecond' : 'lambdaX86GbSecond'),
    line('DynamoDB writes (on-demand)', usage.dynamoDbWriteUnits, 'WRU', 'dynamoDbOnDemandWriteRequestUnit'),
    line('DynamoDB reads (on-demand)', usage.dynamoDbReadUnits, 'RRU', 'dynamoDbOnDemandReadRequestUnit'),
    line('EventBridge custom events', usage.eventBridgeEvents, 'events', 'eventBridgeCustomEvent'),
    line('SES e-mails', usage.emails, 'e-mails', 'sesOutboundEmail'),
    line(`API Gateway (${deployment.apiKind})`, usage.apiRequests, 'requests', deployment.apiKind === 'REST' ? 'apiGatewayRestRequest' : 'apiGatewayHttpRequest'),
  ];
  return { lines, totalUsd: lines.reduce((sum, l) => sum + l.usd, 0) };
}

/**
 * Sum of usages.
 *
 * @example
 * addUsage(lifecycle, scaleUsage(perPartnerEvent, 13));
 */
export function addUsage(...usages: readonly Usage[]): Usage {
  const sum = { ...NO_USAGE } as Record<keyof Usage, number>;
  for (const usage of usages) for (const key of Object.keys(NO_USAGE) as (keyof Usage)[]) sum[key] += usage[key];
  return sum;
}

/** `usage` times `factor` (e.g. per-event usage times the number of extra events). */
export function scaleUsage(usage: Usage, factor: number): Usage {
  const out = { ...NO_USAGE } as Record<keyof Usage, number>;
  for (const key of Object.keys(NO_USAGE) as (keyof Usage)[]) out[key] = usage[key] * factor;
  return out;
}

/** Assumptions of the hourly-polling alternative. */
export interface PollingAssumptions {
  /** How long the contract runs, e.g. 120 days. */
  readonly durationDays: number;
  /** Waits open at the same time, each with its own loop (payment and logistics tracks run in parallel). */
  readonly concurrentWaits: number;
  readonly pollIntervalHours: number;
  /** Per poll: Wait + Task + Choice. */
  readonly transitionsPerPoll: number;
  readonly lambdaMemoryMb: number;
  readonly lambdaDurationMs: number;
  /** Read units of the one read each poll makes (1 for a strongly consistent read of an item up to 4 KB). */
  readonly readUnitsPerPoll: number;
}

/**
 * Usage of the polling loops alone: every `pollIntervalHours`, for every open wait, a Wait, a Task and a
 * Choice state, one Lambda invocation and one DynamoDB read, for the contract's whole duration.
 *
 * @example
 * pollingUsage({ durationDays: 120, concurrentWaits: 1, pollIntervalHours: 1, transitionsPerPoll: 3, lambdaMemoryMb: 256, lambdaDurationMs: 100, readUnitsPerPoll: 1 }).stateTransitions; // 8640
 */
export function pollingUsage(a: PollingAssumptions): Usage {
  const polls = Math.ceil((a.durationDays * 24) / a.pollIntervalHours) * a.concurrentWaits;
  return {
    ...NO_USAGE,
    stateTransitions: polls * a.transitionsPerPoll,
    lambdaRequests: polls,
    lambdaGbSeconds: lambdaGbSeconds([{ memoryMb: a.lambdaMemoryMb, durationMs: a.lambdaDurationMs }]) * polls,
    dynamoDbReadUnits: polls * a.readUnitsPerPoll,
  };
}

/**
 * Monthly bill for `contractsPerMonth` lifecycles, each costing `perContract` (variable cost only).
 *
 * @example
 * monthly(0.0021, 10_000); // 21
 */
export function monthly(perContractUsd: number, contractsPerMonth: number): number {
  return perContractUsd * contractsPerMonth;
}
