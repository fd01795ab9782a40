/**
 * Development tokens for the local API: HMAC-signed (HS256) JWTs carrying the same claims the Cognito
 * authorizer puts in the request context (sub, email, cognito:groups, custom:customerId). The secret lives
 * in the data directory; these tokens mean nothing outside this machine.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../shared/domain/evidence';

export interface DevIdentity {
  sub: string;
  email: string;
  role: Role;
  customerId?: string;
}

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');

export function loadSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'dev-token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8'), 'hex');
}

export function issueToken(secret: Buffer, who: DevIdentity, validDays = 30): string {
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = { sub: who.sub, email: who.email, 'cognito:groups': [who.role], ...(who.customerId ? { 'custom:customerId': who.customerId } : {}), exp: Math.floor(Date.now() / 1000) + validDays * 86400 };
  const payload = b64(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** The claims of a valid token, or undefined (bad signature, malformed, expired). */
export function verifyToken(secret: Buffer, token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.exp === 'number' && claims.exp < Date.now() / 1000) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

/** The people of the demo desk, one per role; the customer is linked to the demo buyer. */
export const DEV_IDENTITIES: readonly DevIdentity[] = [
  { sub: 'u-sales-li', email: 'li.wei@sino-export.example', role: 'sales' },
  { sub: 'u-ops-chen', email: 'chen.ops@sino-export.example', role: 'operations' },
  { sub: 'u-fin-zhao', email: 'zhao.finance@sino-export.example', role: 'finance' },
  { sub: 'u-mgr-wang', email: 'wang.manager@sino-export.example', role: 'manager' },
  { sub: 'u-cust-noord', email: 'inkoop@noordzee-trading.example', role: 'customer', customerId: 'CUST-NL-0042' },
];
