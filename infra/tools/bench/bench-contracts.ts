/**
 * Contracts for the bench and cost runs: the CIF Shanghai → Rotterdam L/C fixture with unique contract, PO,
 * L/C and booking numbers, so runs never collide with each other or with earlier data.
 */
import { randomBytes } from 'node:crypto';
import type { ContractInput } from '../../../shared/domain/contract';
import { cifShanghaiRotterdamLc } from '../../../test/fixtures/contracts';

/** A contract input plus the booking reference the carrier will report against. */
export interface BenchContract {
  readonly input: ContractInput;
  readonly bookingReference: string;
  readonly tag: string;
}

const runTag = randomBytes(3).toString('hex').toUpperCase();

/**
 * The n-th contract of this run.
 *
 * @example
 * const { input, bookingReference } = benchContract('CL', 7); // SJT-BENCH-CL-<run>-7, PO-…, LC-…, BKG…
 */
export function benchContract(kind: string, n: number, options: { inspection?: boolean } = {}): BenchContract {
  const tag = `${kind}${runTag}${n}`;
  const input = cifShanghaiRotterdamLc();
  input.contractNumber = `SJT-BENCH-${kind}-${runTag}-${n}`;
  input.references = { ...input.references!, poNumber: `PO-${tag}`, lcNumber: `LC-${tag}` };
  if (input.paymentTerms.method === 'LC') input.paymentTerms.lcNumber = `LC-${tag}`;
  if (options.inspection === false) input.inspection = { required: false };
  return { input, bookingReference: `BKG${tag}`, tag };
}
