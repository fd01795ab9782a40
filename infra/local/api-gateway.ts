/**
 * The local stand-in for API Gateway: serves the routes of infra/routes.ts on 127.0.0.1, authenticates
 * like the Cognito authorizer (401 before the function runs), and invokes the api function with a REST
 * API proxy event. No business rules here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { routes } from '../routes';
import { verifyToken } from './dev-tokens';

export interface LocalApiOptions {
  port: number;
  secret: Buffer;
  invokeApi(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  /** Extra local-only endpoints under /_local (clock, tokens, mailbox). */
  admin?: (method: string, path: string, body: string) => Promise<{ status: number; body: unknown } | undefined>;
}

const MAX_REQUEST_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit

function matchRoute(method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = new RegExp('^' + route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), '([^/]+)')) + '/?$');
    const m = pattern.exec(path);
    if (!m) continue;
    try {
      return { route, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
    } catch {
      return { route, params: null }; // a malformed %-escape: API Gateway answers 400
    }
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startLocalApi(options: LocalApiOptions): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const body = await readBody(req);
      if (body === null) return send(res, 413, { error: 'PayloadTooLarge', message: 'Request body exceeds 10 MB.' });
      if (url.pathname.startsWith('/_local/') && options.admin) {
        const out = await options.admin(method, url.pathname, body);
        if (out) return send(res, out.status, out.body);
      }
      const match = matchRoute(method, url.pathname);
      if (!match) {
        const allowed = routes.filter((r) => matchRoute(r.method, url.pathname)?.route === r).map((r) => r.method);
        if (allowed.length) return send(res, 405, { error: 'MethodNotAllowed', message: `${url.pathname} does not accept ${method}; it accepts ${allowed.join(', ')}.` }, { allow: allowed.join(', ') });
        return send(res, 404, { error: 'NotFound', message: `No route ${method} ${url.pathname}.` });
      }
      if (match.params === null) return send(res, 400, { error: 'BadRequest', message: 'The path contains a malformed %-escape.' });
      let claims: Record<string, unknown> | undefined;
      if (match.route.roles.length) {
        const auth = req.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
        claims = token ? verifyToken(options.secret, token) : undefined;
        if (!claims) return send(res, 401, { error: 'Unauthenticated', message: 'Send a valid token: Authorization: Bearer <token> (GET /_local/tokens lists development tokens).' });
        const groups = claims['cognito:groups'];
        if (Array.isArray(groups)) claims = { ...claims, 'cognito:groups': groups.join(',') };
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const query = Object.fromEntries(url.searchParams.entries());
      const event = {
        resource: match.route.path,
        path: url.pathname,
        httpMethod: method,
        headers,
        multiValueHeaders: {},
        queryStringParameters: Object.keys(query).length ? query : null,
        multiValueQueryStringParameters: null,
        pathParameters: Object.keys(match.params).length ? match.params : null,
        stageVariables: null,
        body: body.length ? body : null,
        isBase64Encoded: false,
        requestContext: { resourcePath: match.route.path, httpMethod: method, stage: 'local', path: url.pathname, requestTimeEpoch: Date.now(), authorizer: claims ? { claims } : undefined },
      } as unknown as APIGatewayProxyEvent;
      const result = await options.invokeApi(event);
      res.writeHead(result.statusCode, (result.headers ?? {}) as Record<string, string>);
      res.end(result.body);
    } catch (error) {
      console.error('local API gateway error', error);
      send(res, 502, { error: 'BadGateway', message: 'The function failed to answer (see the runtime log).' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${options.port} is in use (is Tradeflow already running?). Stop it, or set PORT to another port.`) : error),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(() => r())) };
}
