/** Field schemas shared by the domain events. */
import * as z from 'zod';
import { stageNames, type Stage } from '../../domain/lifecycle';

export const schemaVersion1 = z.literal('1').describe('Major version of this detail schema.');
export const contractId = z.string().min(1).describe('Tradeflow contract id (ULID).');
export const contractNumber = z.string().min(1).describe('The contract number both parties use.');
export const customerId = z.string().min(1).describe('Tradeflow customer id of the buyer.');
export const instant = z.iso.datetime({ offset: true }).describe('When it happened (UTC ISO 8601).');
export const stage = z.enum(stageNames as [Stage, ...Stage[]]).describe('A lifecycle stage (docs/state-flow.md).');
export const severity = z.enum(['low', 'medium', 'high', 'critical']);
export const executionId = z.string().min(1).describe('ARN of the Step Functions execution that ran the contract.');
