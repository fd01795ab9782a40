/**
 * The operations API: one function behind every route of infra/routes.ts. It authenticates the caller,
 * checks the route's roles, runs the operation, and maps errors to statuses in one place.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { routes } from '../../infra/routes';
import { eventsPort } from '../../shared/adapters/wiring/events';
import { handlerPorts } from '../../shared/adapters/wiring/lazy-port';
import { storePort } from '../../shared/adapters/wiring/store';
import { workflowPort } from '../../shared/adapters/wiring/workflow';
import { DomainError } from '../../shared/domain/errors';
import { makeContracts } from '../../shared/use-cases/contracts';
import { makeDesk } from '../../shared/use-cases/desk';
import { makePartnerEvents } from '../../shared/use-cases/partner-events';
import type { Ports } from '../../shared/use-cases/ports';
import { TELEMETRY, countMetric, powertools } from '../commons/powertools';
import { actorOf, errorResponse } from './http';
import { buildOpenApi } from './openapi';
import { operations } from './operations';

let openApiDoc: unknown;
const openApi = () => (openApiDoc ??= buildOpenApi());

/** Builds the API handler over the given ports (tests pass fakes; Lambda uses the defaults). */
export function makeApiHandler(portsOf: () => Ports) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const route = routes.find((r) => r.method === event.httpMethod && r.path === event.resource);
      if (!route) throw new DomainError(404, 'NotFound', `No route ${event.httpMethod} ${event.resource ?? event.path}.`);
      const actor = route.roles.length ? actorOf(event) : undefined;
      if (actor && !(route.roles as readonly string[]).includes(actor.role)) {
        throw new DomainError(403, 'Forbidden', `Role ${actor.role} may not call ${route.method} ${route.path} (${route.operationId}); allowed roles: ${route.roles.join(', ')}.`);
      }
      const ports = portsOf();
      return await operations[route.operationId](event, actor, { contracts: makeContracts(ports), partnerEvents: makePartnerEvents(ports), desk: makeDesk(ports, { mail: 'outbox' }), openApi });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

const ports = handlerPorts('api', { store: storePort, workflow: workflowPort, events: eventsPort });
const api = makeApiHandler(() => ports);
const isCreateContract = (event: APIGatewayProxyEvent) => routes.some((r) => r.operationId === 'createContract' && r.method === event.httpMethod && r.path === event.resource);

export const handler = middy(async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const response = await api(event);
  if (response.statusCode === 201 && isCreateContract(event)) countMetric(TELEMETRY.metrics.contractsCreated);
  return response;
}).use(powertools);
