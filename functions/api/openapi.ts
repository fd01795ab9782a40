/** The OpenAPI 3.1 document, generated from the route table and the operations' zod schemas. */
import * as z from 'zod';
import { routes } from '../../infra/routes';
import { schemas } from './operations';

const ErrorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'Stable error code, e.g. ValidationFailed, ConditionsUnmet, StaleVersion.' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', description: 'Field problems {path, rule, message} or unmet conditions {code, message}.' } },
  },
};

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const s = schemas[route.operationId] as { body?: z.ZodType; query?: z.ZodType; path?: z.ZodType };
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', s.path], ['query', s.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
      }
    }
    const responses: Record<string, unknown> = { '200': { description: 'OK' } };
    for (const code of ['400', '401', '403', '404', '409', '410', '413', '415', '422']) responses[code] = { description: 'Error', content: { 'application/json': { schema: ErrorBody } } };
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: {
        operationId: route.operationId,
        summary: route.summary,
        'x-tradeflow-roles': route.roles,
        ...(route.roles.length ? { security: [{ cognito: [] }] } : { security: [] }),
        ...(parameters.length ? { parameters } : {}),
        ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(s.body) } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tradeflow operations API', version: '1.0.0', description: 'Lifecycle tracking for international trade contracts.' },
    components: { securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
