/**
 * The arithmetic of `npm run cost`: prices per unit, billed GB-seconds, the bill, polling loops. Pure
 * functions over a fixed price sheet; nothing here measures time.
 */
import prices from '../../infra/cost-prices.json';
import {
  addUsage, costOf, lambdaGbSeconds, monthly, NO_USAGE, pollingUsage, scaleUsage, unitPrice, type PriceKey, type PriceSheet,
} from '../../infra/tools/cost/cost-model';

const sheet = prices as unknown as PriceSheet;
const arm = { lambdaArchitecture: 'arm64', apiKind: 'REST' } as const;

describe('the price sheet', () => {
  it('names a source for every price and the service list prices the brief relies on', () => {
    // Prepare
    const expected: Record<PriceKey, number> = {
      stepFunctionsStandardStateTransition: 0.000025,
      lambdaRequest: 0.0000002,
      lambdaArm64GbSecond: 0.0000133334,
      lambdaX86GbSecond: 0.0000166667,
      dynamoDbOnDemandWriteRequestUnit: 0.000000625,
      dynamoDbOnDemandReadRequestUnit: 0.000000125,
      eventBridgeCustomEvent: 0.000001,
      sesOutboundEmail: 0.0001,
      apiGatewayRestRequest: 0.0000035,
      apiGatewayHttpRequest: 0.000001,
    };
    // Act / Assess
    for (const [key, perUnit] of Object.entries(expected) as [PriceKey, number][]) {
      expect(unitPrice(sheet, key)).toBeCloseTo(perUnit, 15);
      expect(sheet.prices[key].source).toMatch(/^https:\/\/aws\.amazon\.com\//);
    }
    expect(sheet.recordedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a price that is missing or has no quantity', () => {
    const broken = { ...sheet, prices: { ...sheet.prices, sesOutboundEmail: { ...sheet.prices.sesOutboundEmail, per: 0 } } };
    expect(() => unitPrice(broken, 'sesOutboundEmail')).toThrow(/sesOutboundEmail/);
  });
});

describe('lambdaGbSeconds', () => {
  it('rounds each duration up to the millisecond and multiplies by memory in GB (MB / 1024)', () => {
    expect(lambdaGbSeconds([{ memoryMb: 1024, durationMs: 99.2 }])).toBeCloseTo(0.1, 12);
    expect(lambdaGbSeconds([{ memoryMb: 256, durationMs: 100 }, { memoryMb: 512, durationMs: 0.3 }])).toBeCloseTo(0.025 + 0.0005, 12);
  });
});

describe('costOf', () => {
  it('prices a callback lifecycle of 31 transitions, 72 invocations, 10 e-mails line by line', () => {
    // Prepare
    const usage = { stateTransitions: 31, lambdaRequests: 72, lambdaGbSeconds: 7.5, dynamoDbWriteUnits: 616, dynamoDbReadUnits: 240, eventBridgeEvents: 22, emails: 10, apiRequests: 36 };
    // Act
    const bill = costOf(usage, sheet, arm);
    // Assess
    const byService = Object.fromEntries(bill.lines.map((l) => [l.service, l.usd]));
    expect(byService['Step Functions (Standard)']).toBeCloseTo(0.000775, 12);
    expect(byService['Lambda requests']).toBeCloseTo(0.0000144, 12);
    expect(byService['Lambda compute (arm64)']).toBeCloseTo(7.5 * 0.0000133334, 12);
    expect(byService['DynamoDB writes (on-demand)']).toBeCloseTo(0.000385, 12);
    expect(byService['DynamoDB reads (on-demand)']).toBeCloseTo(0.00003, 12);
    expect(byService['EventBridge custom events']).toBeCloseTo(0.000022, 12);
    expect(byService['SES e-mails']).toBeCloseTo(0.001, 12);
    expect(byService['API Gateway (REST)']).toBeCloseTo(0.000126, 12);
    expect(bill.totalUsd).toBeCloseTo(bill.lines.reduce((s, l) => s + l.usd, 0), 15);
    expect(bill.totalUsd).toBeCloseTo(0.0024524, 6);
  });

  it('uses the x86 and HTTP API prices when the template says so', () => {
    const bill = costOf({ ...NO_USAGE, lambdaGbSeconds: 1, apiRequests: 1_000_000 }, sheet, { lambdaArchitecture: 'x86_64', apiKind: 'HTTP' });
    expect(bill.totalUsd).toBeCloseTo(0.0000166667 + 1.0, 10);
  });
});

describe('usage algebra', () => {
  it('adds and scales every dimension', () => {
    const one = { ...NO_USAGE, stateTransitions: 2, emails: 1, dynamoDbWriteUnits: 32 };
    expect(addUsage(one, scaleUsage(one, 13))).toEqual({ ...NO_USAGE, stateTransitions: 28, emails: 14, dynamoDbWriteUnits: 448 });
  });
});

describe('pollingUsage', () => {
  it('counts a Wait, a Task and a Choice, one invocation and one read per open wait per hour', () => {
    // Act
    const loops = pollingUsage({ durationDays: 120, concurrentWaits: 2, pollIntervalHours: 1, transitionsPerPoll: 3, lambdaMemoryMb: 256, lambdaDurationMs: 100, readUnitsPerPoll: 1 });
    // Assess: 120 days × 24 polls × 2 loops = 5760 polls
    expect(loops).toEqual({ ...NO_USAGE, stateTransitions: 17_280, lambdaRequests: 5_760, lambdaGbSeconds: 144, dynamoDbReadUnits: 5_760 });
    expect(costOf(loops, sheet, arm).totalUsd).toBeCloseTo(0.432 + 0.001152 + 144 * 0.0000133334 + 0.00072, 9);
  });
});

describe('monthly', () => {
  it('multiplies the per-contract cost by the contracts started per month', () => {
    expect(monthly(0.0025, 10_000)).toBeCloseTo(25, 10);
  });
});
