/**
 * The HTTP API's route table: the CDK stack creates these API Gateway resources and methods, the local
 * runtime serves the same routes, and the OpenAPI document is generated from it. All routes are served by
 * the `api` function, which dispatches on the route key.
 */
import type { Role } from '../shared/domain/evidence';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway resource path with `{param}` placeholders. */
  readonly path: string;
  /** `METHOD path`, the key the api function dispatches on. */
  readonly operationId: string;
  readonly summary: string;
  /** Roles allowed; an empty list means no authentication (only the OpenAPI document). */
  readonly roles: readonly Role[];
  readonly functionId: 'api';
}

const ALL: readonly Role[] = ['sales', 'operations', 'finance', 'manager', 'customer'];
const STAFF: readonly Role[] = ['sales', 'operations', 'finance', 'manager'];

export const routes = [
  { method: 'POST', path: '/contracts', operationId: 'createContract', summary: 'Create a draft contract (starts its lifecycle execution).', roles: ['sales', 'manager'], functionId: 'api' },
  { method: 'GET', path: '/contracts', operationId: 'listContracts', summary: 'List contracts by stage, customer, owner or flag (cursor pagination).', roles: ALL, functionId: 'api' },
  { method: 'GET', path: '/contracts/{contractId}', operationId: 'getContract', summary: 'Read one contract with its stages and open waits.', roles: ALL, functionId: 'api' },
  { method: 'PATCH', path: '/contracts/{contractId}', operationId: 'updateContract', summary: 'Update a contract (optimistic concurrency on version).', roles: ['sales', 'manager'], functionId: 'api' },
  { method: 'POST', path: '/contracts/{contractId}/transitions', operationId: 'requestTransition', summary: 'Request a stage transition, asserting evidence by hand; 409 lists unmet conditions.', roles: STAFF, functionId: 'api' },
  { method: 'POST', path: '/contracts/{contractId}/approvals/{approvalId}', operationId: 'decideApproval', summary: 'Approve or reject a pending approval.', roles: ['manager'], functionId: 'api' },
  { method: 'GET', path: '/contracts/{contractId}/timeline', operationId: 'getTimeline', summary: 'The contract timeline: stages, evidence, escalations, e-mails.', roles: ALL, functionId: 'api' },
  { method: 'GET', path: '/quarantine', operationId: 'listQuarantine', summary: 'Partner events that could not be applied, with the reason.', roles: ['operations', 'manager'], functionId: 'api' },
  { method: 'POST', path: '/quarantine/{quarantineId}/replay', operationId: 'replayQuarantined', summary: 'Replay a quarantined partner event, optionally linking it to a contract.', roles: ['operations', 'manager'], functionId: 'api' },
  // The desk (issue 6): exceptions, tasks and the policies behind them
  { method: 'GET', path: '/contracts/{contractId}/exceptions', operationId: 'listExceptions', summary: "A contract's exceptions (open ones unless status=all), with their playbook tasks.", roles: STAFF, functionId: 'api' },
  { method: 'POST', path: '/contracts/{contractId}/exceptions', operationId: 'raiseException', summary: 'Raise an exception by hand (force majeure, customs hold, data conflict…): creates and assigns its playbook tasks.', roles: STAFF, functionId: 'api' },
  { method: 'POST', path: '/contracts/{contractId}/exceptions/{exceptionId}', operationId: 'actOnException', summary: 'Acknowledge or resolve an exception (resolving de-escalates).', roles: STAFF, functionId: 'api' },
  { method: 'POST', path: '/contracts/{contractId}/tasks/{taskId}', operationId: 'actOnTask', summary: 'Complete a task, or reassign it (to someone named, or by the assignment policy).', roles: STAFF, functionId: 'api' },
  { method: 'GET', path: '/tasks', operationId: 'listTasks', summary: "A person's open tasks (assignee: person id or e-mail), soonest due first, each with why it was assigned.", roles: STAFF, functionId: 'api' },
  { method: 'GET', path: '/policies', operationId: 'listPolicies', summary: 'The desk policies with their current versions.', roles: STAFF, functionId: 'api' },
  { method: 'GET', path: '/policies/{policyName}', operationId: 'getPolicy', summary: 'A desk policy (or one of its earlier versions) with its change history.', roles: STAFF, functionId: 'api' },
  { method: 'PUT', path: '/policies/{policyName}', operationId: 'changePolicy', summary: 'Change a desk policy: validated, versioned (send the version you read), audited.', roles: ['manager'], functionId: 'api' },
  { method: 'GET', path: '/openapi.json', operationId: 'getOpenApi', summary: 'This API as an OpenAPI 3.1 document.', roles: [], functionId: 'api' },
] as const satisfies readonly RouteDefinition[];

export type OperationId = (typeof routes)[number]['operationId'];
