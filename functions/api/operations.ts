/**
 * Each API operation: its request schemas (the single source for validation and for the OpenAPI document)
 * and the use case it calls. Route paths and roles live in infra/routes.ts.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { z } from 'zod';
import { ContractInputSchema } from '../../shared/domain/contract';
import { forbidden } from '../../shared/domain/errors';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import type { Actor, Contracts } from '../../shared/use-cases/contracts';
import type { PartnerEvents } from '../../shared/use-cases/partner-events';
import type { OperationId } from '../../infra/routes';
import { header, json, jsonBody, parseOr } from './http';

const StageEnum = z.enum(stageNames as [Stage, ...Stage[]]);
const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _');

export const schemas = {
  createContract: { body: ContractInputSchema },
  listContracts: {
    query: z.strictObject({
      stage: StageEnum.optional(),
      customerId: z.string().max(64).optional(),
      ownerId: z.string().max(64).optional(),
      flag: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      cursor: z.string().max(2048).optional(),
    }),
  },
  getContract: { path: z.object({ contractId: Id }) },
  updateContract: {
    path: z.object({ contractId: Id }),
    body: z.looseObject({ version: z.number().int().min(1).optional() }).describe('JSON merge patch over the contract terms, plus the version you read.'),
  },
  requestTransition: {
    path: z.object({ contractId: Id }),
    body: z.union([
      z.strictObject({
        to: StageEnum,
        reason: z.string().max(1000).optional(),
        note: z.string().max(2000).optional(),
        occurredAt: z.iso.datetime({ offset: true }).optional(),
        amount: z.strictObject({ currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'), value: z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "1250.00"') }).optional(),
      }),
      z.strictObject({ release: z.enum(['ON_HOLD', 'DISPUTED']), reason: z.string().max(1000).optional() }),
    ]),
  },
  decideApproval: {
    path: z.object({ contractId: Id, approvalId: Id }),
    body: z.strictObject({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() }),
  },
  getTimeline: { path: z.object({ contractId: Id }) },
  listQuarantine: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(25), cursor: z.string().max(2048).optional() }) },
  replayQuarantined: { path: z.object({ quarantineId: Id }), body: z.strictObject({ contractId: Id.optional() }) },
  getOpenApi: {},
} satisfies Record<OperationId, { body?: z.ZodType; query?: z.ZodType; path?: z.ZodType }>;

export interface OperationDeps {
  contracts: Contracts;
  partnerEvents: PartnerEvents;
  openApi: () => unknown;
}

type Handler = (event: APIGatewayProxyEvent, actor: Actor | undefined, deps: OperationDeps) => Promise<ReturnType<typeof json>>;

const needActor = (actor: Actor | undefined): Actor => {
  if (!actor) throw forbidden('Sign in first.');
  return actor;
};

const ifMatchVersion = (event: APIGatewayProxyEvent): number | undefined => {
  const raw = header(event, 'if-match')?.replace(/^W\//, '').replace(/"/g, '');
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
};

export const operations: Record<OperationId, Handler> = {
  async createContract(event, actor, { contracts }) {
    const record = await contracts.create(needActor(actor), jsonBody(event));
    return json(201, record, { location: `/contracts/${record.contract.id}`, etag: `"${record.contract.version}"` });
  },
  async listContracts(event, actor, { contracts }) {
    const q = parseOr(schemas.listContracts.query, event.queryStringParameters ?? {}, 'query');
    const { limit, cursor, ...filter } = q;
    const page = await contracts.list(needActor(actor), filter, limit, cursor);
    return json(200, page);
  },
  async getContract(event, actor, { contracts }) {
    const { contractId } = parseOr(schemas.getContract.path, event.pathParameters ?? {}, 'path');
    const record = await contracts.get(needActor(actor), contractId);
    return json(200, record, { etag: `"${record.contract.version}"` });
  },
  async updateContract(event, actor, { contracts }) {
    const { contractId } = parseOr(schemas.updateContract.path, event.pathParameters ?? {}, 'path');
    const body = parseOr(schemas.updateContract.body, jsonBody(event), 'body');
    const { version, ...patch } = body;
    const record = await contracts.update(needActor(actor), contractId, patch, version ?? ifMatchVersion(event));
    return json(200, record, { etag: `"${record.contract.version}"` });
  },
  async requestTransition(event, actor, { contracts }) {
    const { contractId } = parseOr(schemas.requestTransition.path, event.pathParameters ?? {}, 'path');
    const body = parseOr(schemas.requestTransition.body, jsonBody(event), 'body');
    if ('release' in body) return json(200, await contracts.closeOverlay(needActor(actor), contractId, body.release, body.reason));
    return json(202, await contracts.requestTransition(needActor(actor), contractId, { ...body, to: body.to as Stage }));
  },
  async decideApproval(event, actor, { contracts }) {
    const { contractId, approvalId } = parseOr(schemas.decideApproval.path, event.pathParameters ?? {}, 'path');
    const body = parseOr(schemas.decideApproval.body, jsonBody(event), 'body');
    return json(200, await contracts.decideApproval(needActor(actor), contractId, approvalId, body));
  },
  async getTimeline(event, actor, { contracts }) {
    const { contractId } = parseOr(schemas.getTimeline.path, event.pathParameters ?? {}, 'path');
    return json(200, { items: await contracts.timeline(needActor(actor), contractId) });
  },
  async listQuarantine(event, actor, { partnerEvents }) {
    needActor(actor);
    const q = parseOr(schemas.listQuarantine.query, event.queryStringParameters ?? {}, 'query');
    return json(200, await partnerEvents.listQuarantine(q.limit, q.cursor));
  },
  async replayQuarantined(event, actor, { partnerEvents }) {
    needActor(actor);
    const { quarantineId } = parseOr(schemas.replayQuarantined.path, event.pathParameters ?? {}, 'path');
    const body = event.body ? parseOr(schemas.replayQuarantined.body, jsonBody(event), 'body') : {};
    return json(200, await partnerEvents.replay(quarantineId, body.contractId));
  },
  async getOpenApi(_event, _actor, { openApi }) {
    return json(200, openApi());
  },
};
