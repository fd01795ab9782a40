/**
 * HTTP plumbing for the API function: API Gateway (REST, proxy integration) events in, JSON out. One place
 * maps domain errors to status codes; bad input is always a 4xx with field-named details, never a 5xx and
 * never a stack trace.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, badRequest, type FieldProblem } from '../../shared/domain/errors';
import { ROLES, type Role } from '../../shared/domain/evidence';
import type { Actor } from '../../shared/use-cases/contracts';

export const MAX_BODY_BYTES = 256 * 1024;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(error: unknown, log: (e: unknown) => void = console.error): APIGatewayProxyResult {
  if (error instanceof DomainError) {
    return json(error.status, { error: error.code, message: error.message, ...(error.details.length ? { details: error.details } : {}) });
  }
  log(error);
  return json(500, { error: 'InternalError', message: 'Something went wrong on our side; the request was not applied. Try again or contact support.' });
}

/** The caller, from the Cognito authorizer's claims. Groups carry the role; customers carry their customer id. */
export function actorOf(event: APIGatewayProxyEvent): Actor {
  const claims = (event.requestContext?.authorizer?.claims ?? {}) as Record<string, unknown>;
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!sub) throw new DomainError(401, 'Unauthenticated', 'Sign in: this request carries no authenticated caller.');
  const groupsRaw = claims['cognito:groups'];
  const groups = Array.isArray(groupsRaw) ? groupsRaw.map(String) : typeof groupsRaw === 'string' ? groupsRaw.replace(/[[\]]/g, '').split(/[\s,]+/) : [];
  const role = groups.find((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (!role) throw new DomainError(403, 'Forbidden', `The caller has no Tradeflow role (one of ${ROLES.join(', ')}).`);
  const customerId = typeof claims['custom:customerId'] === 'string' ? (claims['custom:customerId'] as string) : undefined;
  if (role === 'customer' && !customerId) throw new DomainError(403, 'Forbidden', 'A customer account must be linked to a customer id.');
  return { userId: sub, role, ...(typeof claims.email === 'string' ? { email: claims.email } : {}), ...(customerId ? { customerId } : {}) };
}

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const found = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return found?.[1] ?? undefined;
}

/** The JSON body: 415 for another media type, 413 when too large, 400 when not JSON. */
export function jsonBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new DomainError(413, 'PayloadTooLarge', `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  const contentType = header(event, 'content-type');
  if (!contentType || !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new DomainError(415, 'UnsupportedMediaType', `Send the body as application/json (got ${contentType ?? 'no Content-Type'}).`);
  }
  if (text.trim() === '') throw badRequest('The request needs a JSON body.', [{ path: '(body)', rule: 'body.required', message: 'The body is empty.' }]);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest('The body is not valid JSON.', [{ path: '(body)', rule: 'body.json', message: (error as Error).message }]);
  }
}

/** zod issues as field problems: path, rule, message. */
export function problemsOf(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)', rule: `schema.${i.code}`, message: i.message }));
}

export function parseOr<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = problemsOf(parsed.error, where === 'body' ? '' : where);
  throw where === 'body' ? new DomainError(422, 'ValidationFailed', 'The request body is not valid.', details) : badRequest(`The ${where} parameters are not valid.`, details);
}

export { header };
