/**
 * Each API operation: its request schemas (the single source for validation and for the OpenAPI document)
 * and the use case it calls. Route paths and roles live in infra/routes.ts.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod';
import { ContractInputSchema } from '../../shared/domain/contract';
import { forbidden } from '../../shared/domain/errors';
import { stageNames, type Stage } from '../../shared/domain/lifecycle';
import type { Actor, Contracts } from '../../shared/use-cases/contracts';
import type { PartnerEvents } from '../../shared/use-cases/partner-events';
import type { Desk } from '../../shared/use-cases/desk';
import { EXCEPTION_CLASS_IDS } from '../../shared/domain/policies/exception-classes';
import { POLICY_NAMES, type PolicyName } from '../../shared/domain/policies/policy-set';
import type { OperationId } from '../../infra/routes';
import { header, json, jsonBody, parseOr } from './http';

const StageEnum = z.enum(stageNames as [Stage, ...Stage[]]);
const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _');

const TransitionRequest = z.strictObject({
  to: StageEnum,
  reason: z.string().max(1000).optional(),
  note: z.string().max(2000).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  amount: z.strictObject({ currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'), value: z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "1250.00"') }).optional(),
});
const ReleaseRequest = z.strictObject({ release: z.enum(['ON_HOLD', 'DISPUTED']), reason: z.string().max(1000).optional() });

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
    body: z.union([TransitionRequest, ReleaseRequest]),
  },
  decideApproval: {
    path: z.object({ contractId: Id, approvalId: Id }),
    body: z.strictObject({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() }),
  },
  getTimeline: { path: z.object({ contractId: Id }) },
  listQuarantine: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(25), cursor: z.string().max(2048).optional() }) },
  replayQuarantined: { path: z.object({ quarantineId: Id }), body: z.strictObject({ contractId: Id.optional() }) },
  listExceptions: { path: z.object({ contractId: Id }), query: z.strictObject({ status: z.enum(['open', 'all']).default('open') }) },
  raiseException: {
    path: z.object({ contractId: Id }),
    body: z.strictObject({
      exceptionClass: z.enum(EXCEPTION_CLASS_IDS),
      message: z.string().trim().min(5, 'say what happened, in at least 5 characters').max(2000),
      fields: z.array(z.string().max(100)).max(50).optional().describe('For data conflicts: the contract fields the ERP disagrees on.'),
    }),
  },
  actOnException: {
    path: z.object({ contractId: Id, exceptionId: Id }),
    body: z.strictObject({ action: z.enum(['acknowledge', 'resolve']), note: z.string().max(2000).optional() }),
  },
  actOnTask: {
    path: z.object({ contractId: Id, taskId: Id }),
    body: z.strictObject({ action: z.enum(['complete', 'reassign']), to: z.string().max(200).optional().describe('Person id or e-mail; omit to let the assignment policy choose.'), note: z.string().max(2000).optional() }),
  },
  listTasks: { query: z.strictObject({ assignee: z.string().min(1).max(200) }) },
  listPolicies: {},
  getPolicy: { path: z.object({ policyName: z.enum(POLICY_NAMES as [PolicyName, ...PolicyName[]]) }), query: z.strictObject({ version: z.coerce.number().int().min(0).optional() }) },
  changePolicy: {
    path: z.object({ policyName: z.enum(POLICY_NAMES as [PolicyName, ...PolicyName[]]) }),
    body: z.strictObject({
      version: z.number().int().min(0).describe('The version you read (0: the defaults in code).'),
      reason: z.string().trim().min(5, 'say why, in at least 5 characters').max(1000),
      policy: z.unknown().describe('The whole policy, as GET returns it; validated against the policy schema.'),
    }),
  },
  getOpenApi: {},
} satisfies Record<OperationId, { body?: z.ZodType; query?: z.ZodType; path?: z.ZodType }>;

export interface OperationDeps {
  contracts: Contracts;
  partnerEvents: PartnerEvents;
  desk: Desk;
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
    const raw = jsonBody(event);
    // Two shapes: {to, …} moves the contract, {release, …} closes a hold or dispute. Parse the one the body
    // means, so that errors name its fields (e.g. `to`) rather than "(body) invalid union".
    if (raw && typeof raw === 'object' && 'release' in raw) {
      const body = parseOr(ReleaseRequest, raw, 'body');
      return json(200, await contracts.closeOverlay(needActor(actor), contractId, body.release, body.reason));
    }
    const body = parseOr(TransitionRequest, raw, 'body');
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
  async listExceptions(event, actor, { contracts, desk }) {
    const { contractId } = parseOr(schemas.listExceptions.path, event.pathParameters ?? {}, 'path');
    const q = parseOr(schemas.listExceptions.query, event.queryStringParameters ?? {}, 'query');
    await contracts.get(needActor(actor), contractId); // 404 for what the caller may not see
    return json(200, await desk.listExceptions(needActor(actor), contractId, q.status));
  },
  async raiseException(event, actor, { contracts, desk }) {
    const { contractId } = parseOr(schemas.raiseException.path, event.pathParameters ?? {}, 'path');
    const body = parseOr(schemas.raiseException.body, jsonBody(event), 'body');
    await contracts.get(needActor(actor), contractId);
    const raised = await desk.raiseByHand(needActor(actor), contractId, body);
    return json(raised.created ? 201 : 200, raised);
  },
  async actOnException(event, actor, { contracts, desk }) {
    const { contractId, exceptionId } = parseOr(schemas.actOnException.path, event.pathParameters ?? {}, 'path');
    const body = parseOr(schemas.actOnException.body, jsonBody(event), 'body');
    await contracts.get(needActor(actor), contractId);
    return json(200, await desk.actOnException(needActor(actor), contractId, exceptionId, body));
  },
  async actOnTask(event, actor, { contracts, desk }) {
    const { contractId, taskId } = parseOr(schemas.actOnTask.path, event.pathParameters ?? {}, 'path');
    const body = parseOr(schemas.actOnTask.body, jsonBody(event), 'body');
    await contracts.get(needActor(actor), contractId);
    return json(200, await desk.actOnTask(needActor(actor), contractId, taskId, body));
  },
  async listTasks(event, actor, { desk }) {
    const q = parseOr(schemas.listTasks.query, event.queryStringParameters ?? {}, 'query');
    return json(200, await desk.listTasks(needActor(actor), q.assignee));
  },
  async listPolicies(_event, actor, { desk }) {
    needActor(actor);
    return json(200, { items: await desk.listPolicies() });
  },
  async getPolicy(event, actor, { desk }) {
    needActor(actor);
    const { policyName } = parseOr(schemas.getPolicy.path, event.pathParameters ?? {}, 'path');
    const q = parseOr(schemas.getPolicy.query, event.queryStringParameters ?? {}, 'query');
    const policy = await desk.getPolicy(policyName, q.version);
    return json(200, policy, { etag: `"${policy.version}"` });
  },
  async changePolicy(event, actor, { desk }) {
    const { policyName } = parseOr(schemas.changePolicy.path, event.pathParameters ?? {}, 'path');
    const body = parseOr(schemas.changePolicy.body, jsonBody(event), 'body');
    return json(200, await desk.changePolicy(needActor(actor), policyName, body));
  },
  async getOpenApi(_event, _actor, { openApi }) {
    return json(200, openApi());
  },
};
