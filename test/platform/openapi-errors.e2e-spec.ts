import { INestApplication } from '@nestjs/common';
import { type ErrorCode, isErrorCode } from '@app/domain';
import { statusesOf } from '@app/platform';
import { createTestApp, fileSettings } from '@app/testing';
import { documentedCodes, OpenApiDocument, Operation, operationsOf } from '../support/openapi-operations';
import { APP_MODULES } from '../support/app-modules';

/**
 * Each app's OpenAPI document lists, on every operation, the error codes it may answer by
 * status (documentErrors). What the codes are is checked against real answers by
 * hostile-input.e2e-spec.ts; this checks the form: every error response names listed codes,
 * each under the status it is answered with, and what every route of a shape answers is on
 * every route of that shape.
 */
/** Only the documents are read: no consumers, no schedule, a bull prefix of this file's own. */
const SETTINGS = fileSettings('openapi-errors', {
  AUDIT_CONCURRENCY: '0',
  AUDIT_NIGHTLY: '0',
  UPLOAD_WORKER: '0',
});

const apps: INestApplication[] = [];
const docs: Record<string, { doc: OpenApiDocument; ops: Operation[] }> = {};

beforeAll(async () => {
  for (const [name, module] of Object.entries(APP_MODULES)) {
    const app = await createTestApp(module.forRoot(SETTINGS));
    apps.push(app);
    docs[name] = await operationsOf(app);
  }
}, 120_000);

afterAll(async () => {
  for (const app of apps) await app.close();
});

const op = (app: string, method: string, path: string): Operation => {
  const found = docs[app].ops.find((o) => o.method === method && o.path === path);
  if (!found) throw new Error(`no ${method} ${path} in the ${app} document`);
  return found;
};
const codesOf = (app: string, method: string, path: string, status: number): string[] =>
  op(app, method, path).errors[String(status)] ?? [];

describe.each(Object.keys(APP_MODULES))('the %s OpenAPI document', (name) => {
  it('answers every error status of every operation with listed codes of that status, and says so', () => {
    const { doc } = docs[name];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (Number(status) < 400) continue;
          const where = `${method} ${path} ${status}`;
          const codes = documentedCodes(doc, response);
          expect({ where, codes }).toEqual({ where, codes: expect.arrayContaining([expect.any(String)]) });
          expect({ where, unlisted: codes.filter((c) => !isErrorCode(c)) }).toEqual({ where, unlisted: [] });
          const elsewhere = codes.filter((c) => !statusesOf(c as ErrorCode).includes(Number(status)));
          expect({ where, elsewhere }).toEqual({ where, elsewhere: [] });
          expect({ where, description: response.description }).toEqual({
            where,
            description: codes.join(', '),
          });
        }
      }
    }
  });

  it('lists on every operation the malformed URLs any route may get, and a body’s errors where one is read', () => {
    for (const o of docs[name].ops) {
      expect({ o: o.path, bad: codesOf(name, o.method, o.path, 400) }).toEqual({
        o: o.path,
        bad: expect.arrayContaining(['URL_ENCODING_INVALID', 'TEXT_INVALID']),
      });
      const malformedBody = codesOf(name, o.method, o.path, 400).includes('MALFORMED_JSON');
      expect({ o: `${o.method} ${o.path}`, malformedBody }).toEqual({
        o: `${o.method} ${o.path}`,
        malformedBody: o.method !== 'get',
      });
    }
  });

  it('lists the rate limit and an unreachable store on every route but the operators’ probes', () => {
    for (const o of docs[name].ops) {
      const probe = ['/health', '/metrics'].includes(o.path);
      expect({ o: o.path, limited: o.errors['429']?.includes('RATE_LIMITED') ?? false }).toEqual({
        o: o.path,
        limited: !probe,
      });
      if (o.path !== '/metrics') expect(o.errors['503']).toEqual(['SERVICE_UNAVAILABLE']);
    }
    expect(docs[name].ops.find((o) => o.path === '/metrics')?.errors['503']).toBeUndefined();
  });
});

describe('what a route’s shape adds', () => {
  it('gives an enterprise route the API-key guard’s codes, and a public one none', () => {
    expect(codesOf('issuance', 'get', '/v1/api-keys', 401)).toEqual(['API_KEY_INVALID', 'UNAUTHENTICATED']);
    expect(codesOf('issuance', 'get', '/v1/api-keys', 429)).toEqual([
      'AUTH_FAILURES_LIMITED',
      'RATE_LIMITED',
    ]);
    expect(codesOf('issuance', 'get', '/v1/pki/chain', 401)).toEqual([]);
    // Public, but a key that is sent is checked.
    expect(codesOf('issuance', 'get', '/v1/verify', 401)).toEqual(['API_KEY_INVALID', 'UNAUTHENTICATED']);
  });

  it('gives an officer route the token guard’s codes, ROLE_FORBIDDEN where it names roles', () => {
    expect(codesOf('bureau', 'get', '/v1/users/me', 401)).toEqual([
      'OFFICER_DISABLED',
      'TOKEN_EXPIRED',
      'TOKEN_INVALID',
      'TOKEN_REVOKED',
      'UNAUTHENTICATED',
    ]);
    expect(codesOf('bureau', 'get', '/v1/users/me', 403)).toEqual([]);
    expect(codesOf('bureau', 'get', '/v1/users', 403)).toEqual(['ROLE_FORBIDDEN']);
    expect(codesOf('bureau', 'post', '/v1/rule-sets', 403)).toEqual(['NATIONAL_TIER_ONLY', 'ROLE_FORBIDDEN']);
  });

  it('documents OFFICER_DISABLED as a token’s 401 and a login’s 403', () => {
    expect(codesOf('bureau', 'post', '/v1/auth/login', 401)).toEqual(['INVALID_CREDENTIALS']);
    expect(codesOf('bureau', 'post', '/v1/auth/login', 403)).toEqual(['OFFICER_DISABLED']);
    expect(codesOf('bureau', 'post', '/v1/auth/login', 429)).toEqual([
      'AUTH_FAILURES_LIMITED',
      'LOGIN_LOCKED',
      'RATE_LIMITED',
    ]);
  });

  it('gives a DTO’s field codes, nested ones too, and the idempotency key’s codes', () => {
    const issue = (status: number) => codesOf('issuance', 'post', '/v1/invoices', status);
    expect(issue(400)).toEqual(
      expect.arrayContaining([
        'VALIDATION_FAILED',
        'UNKNOWN_FIELD',
        'MONEY_INVALID',
        'IDEMPOTENCY_KEY_INVALID',
      ]),
    );
    expect(issue(409)).toEqual(['IDEMPOTENCY_KEY_IN_FLIGHT']);
    expect(issue(413)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(issue(422)).toEqual(expect.arrayContaining(['IDEMPOTENCY_KEY_REUSED', 'INVOICE_TOTAL_MISMATCH']));
    // A route without a DTO validates nothing.
    expect(codesOf('issuance', 'post', '/v1/api-keys', 400)).not.toContain('VALIDATION_FAILED');
  });

  it('says Retry-After comes with a 429, a 503 and IDEMPOTENCY_KEY_IN_FLIGHT', () => {
    const responses = docs.issuance.doc.paths['/v1/invoices'].post.responses!;
    for (const status of ['409', '429', '503'])
      expect(responses[status].headers).toHaveProperty('Retry-After');
    expect(responses['422'].headers).toBeUndefined();
  });
});
