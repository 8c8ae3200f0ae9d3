import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  Hints,
  HttpMethod,
  OpenApiDocument,
  Operation,
  Parameter,
  pathsOf,
  plausibleValue,
  REMOVE,
  withValueAt,
} from './openapi-operations';

/** One request as sent: an ASCII URL (percent-encoded, or deliberately malformed), headers, raw body. */
export interface HostileRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What makes it hostile, for the counterexample fast-check prints. */
  what: string;
}

/** Strings the text rule refuses (TEXT_INVALID): each once gave a 500 or was stored as is. */
export const FORBIDDEN_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '😀\ud83d',
  '\u202e',
  'abc\u202edcba',
  '\u2066x\u2069',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u00ad',
  '\u0085',
  '\u001b[31m',
  '\u007f',
];

/** Legal text that is odd for the field it lands in: these reach validation and the services. */
export const ODD_STRINGS: readonly string[] = [
  '\t',
  '\r\n',
  '',
  ' ',
  "'; DROP TABLE x; --",
  '%00',
  '../..',
  'null',
  '１２３',
  '😀',
  '\\',
  '"',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '99999999999999999999.99',
  '0.001',
  '-1',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '+275760-09-13',
  '2026-13',
  '1900-01',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'x'.repeat(300),
  '数'.repeat(300),
  '9'.repeat(40),
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

export const HOSTILE_STRINGS: readonly string[] = [...FORBIDDEN_STRINGS, ...ODD_STRINGS];

/** A JSON token written into the body as is (numbers JSON.stringify cannot write, nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const RAW_TOKENS = [
  '1e309',
  '-1e309',
  '1e-400',
  '123456789012345678901234567890',
  '-0',
  '"\\u0000"',
  '"\\ud800"',
  '"\\u202e"',
  nested(65),
  nested(2000),
];

/** JSON.stringify, with RawJson values written verbatim. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof RawJson)) return v;
    raws.push(v.text);
    return `__RAW_${raws.length - 1}__`;
  });
  return raws.reduce((out, raw, i) => out.replace(`"__RAW_${i}__"`, raw), text ?? 'null');
}

/** Percent-encodes any JS string, lone surrogates included (as the CESU-8 bytes no UTF-8 decoder accepts). */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

/**
 * Opaque list cursors (base64url JSON, see encodeCursor) that decode to the shape a list
 * expects, with values its SQL may choke on: NUL, timestamps Date.parse takes but Postgres
 * does not, ids past bigint.
 */
const cursorOf = (key: object) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
const SOME_UUID = '0f5b4a3e-4c1d-4e7a-9a0b-1c2d3e4f5a6b';
export const HOSTILE_CURSORS: readonly string[] = [
  { taxId: 'x\u0000' },
  { taxId: '\ud800' },
  { serialNumber: 'x\u0000', createdAt: '2026-01-01T00:00:00.000000Z' },
  { serialNumber: 'x', createdAt: '0' },
  { serialNumber: 'x', createdAt: '+275760-09-13' },
  { id: SOME_UUID, createdAt: '1' },
  { id: SOME_UUID, createdAt: 'Tue, 1 Jan 2030 00:00:00 GMT+9999' },
  { id: SOME_UUID, dueAt: '2026-02-30' },
  { id: SOME_UUID, dueAt: '-271821-04-20' },
  { id: '9999999999999999999' },
  { id: '9999999999999999999', taxAtRisk: '9999999999999999.99' },
  { id: '1', taxAtRisk: '-9999999999999999.99' },
].map(cursorOf);

/** Malformed percent-encodings, sent as they are. */
export const MALFORMED_ENCODINGS = ['%', '%E0%A4%A', '%FF', '%C0%AF', '%%41', '%2', '%ED%A0%80'];

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** Hostile strings short enough for a URL (Node refuses request heads over 16 KiB itself). */
export const shortHostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...FORBIDDEN_STRINGS) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), anyCodeUnit, fc.string({ maxLength: 4 })), {
        maxLength: 6,
      })
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 7, arbitrary: shortHostileString },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '数'.repeat(60_000)) },
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 34), max: 2 ** 34 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 53), 1e308, 5e-324) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_TOKENS).map((raw) => new RawJson(raw)) },
);

/** Raw bodies that are not a mutation of a valid one. */
const rawBodies: fc.Arbitrary<{ body: string | Buffer; what: string }> = fc.oneof(
  fc.constantFrom(65, 1_400, 200_000).map((d) => ({ body: `{"a":${nested(d)}}`, what: `nested ${d} deep` })),
  fc.constantFrom('{', '{"a":}', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}', 'NaN', '"\\ud800"').map((body) => ({
    body,
    what: 'malformed JSON',
  })),
  fc.constant({ body: '{"a":1,"a":2}', what: 'duplicate key' }),
  fc.constant({
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    what: 'not UTF-8',
  }),
  fc.constant({ body: Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), what: 'a BOM' }),
  fc.constantFrom('', 'null', '1', '"x"', 'true', '[]').map((body) => ({ body, what: 'not an object' })),
  fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }).map((v) => ({ body: toJson(v), what: 'any JSON' })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ body: Buffer.from(bytes), what: 'random bytes' })),
);

const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=bogus',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/csv',
      'application/x-ndjson',
      'application/vnd.api+json',
      'none',
    ),
  },
);

const contentEncodings = fc.oneof(
  { weight: 20, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown') },
);

export const INVALID_IDEMPOTENCY_KEYS = ['', ' ', 'a b', 'k'.repeat(129), 'key\u00e9', '../x', 'a,b'];

const idempotencyKeys = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_IDEMPOTENCY_KEYS) },
);

export const GARBAGE_AUTHORIZATION = [
  'Bearer',
  'Bearer ',
  'Basic Zm9vOmJhcg==',
  'Bearer a.b.c',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
  `Bearer ${'x'.repeat(4000)}`,
  `Bearer ${'x'.repeat(20_000)}`, // a request head over Node's 16 KiB
  'Bearer \u00e9\u00ff',
  'bearer lower-case',
];

function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, step) => (v as Record<string | number, unknown>)[step], value);
}

/** A parameter's own value: its hint, else a plausible value of its schema. */
function plausibleParameter(doc: OpenApiDocument, param: Parameter, hints: Hints): string {
  const value = plausibleValue(doc, param.schema, hints, param.name);
  return percentEncode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Something hostile for a parameter: odd or refused text, or a malformed percent-encoding. */
const hostileParameter: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: shortHostileString.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_ENCODINGS) },
);

function fillPath(op: Operation, values: string[]): string {
  return op.pathParams.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i]), op.path);
}

/** The query of a valid-looking request: required parameters, and those with a hint. */
function plausibleQuery(doc: OpenApiDocument, op: Operation, hints: Hints): string[] {
  return op.queryParams
    .filter((p) => p.required || p.name in hints)
    .map((p) => `${encodeURIComponent(p.name)}=${plausibleParameter(doc, p, hints)}`);
}

interface Parts {
  path: string;
  query: string[];
  body?: string | Buffer;
  headers: Record<string, string>;
  what: string;
}

function bodyMutations(op: Operation, doc: OpenApiDocument, hints: Hints) {
  const base = op.body ? plausibleValue(doc, op.body, hints) : {};
  const paths = pathsOf(base);
  const arbs: { weight: number; arbitrary: fc.Arbitrary<{ body: string | Buffer; what: string }> }[] = [
    { weight: 1, arbitrary: fc.constant({ body: toJson(base), what: 'plausible body' }) },
    {
      weight: 2,
      arbitrary: fc.tuple(shortHostileString, hostileValue).map(([key, v]) => ({
        body: toJson(typeof base === 'object' && base !== null ? { ...base, [key]: v } : { [key]: v }),
        what: `extra field ${JSON.stringify(key).slice(0, 40)}`,
      })),
    },
    { weight: 2, arbitrary: rawBodies },
  ];
  const arrays = paths.filter((path) => Array.isArray(valueAt(base, path)));
  if (arrays.length > 0) {
    arbs.push({
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...arrays), fc.constantFrom(101, 2_000)).map(([path, n]) => ({
        body: toJson(
          withValueAt(
            base,
            path,
            Array.from({ length: n }, () => (valueAt(base, path) as unknown[])[0]),
          ),
        ),
        what: `${path.join('.')} × ${n}`,
      })),
    });
  }
  if (paths.length > 0) {
    const replacement = fc.oneof(
      { weight: 8, arbitrary: hostileValue },
      { weight: 1, arbitrary: fc.constant<unknown>(REMOVE) },
    );
    arbs.push({
      weight: 10,
      arbitrary: fc.tuple(fc.constantFrom(...paths), replacement).map(([path, v]) => ({
        body: toJson(withValueAt(base, path, v)),
        what: `${path.join('.')} ← ${v === REMOVE ? 'removed' : toJson(v).slice(0, 60)}`,
      })),
    });
  }
  return { base, mutated: fc.oneof(...arbs) };
}

/**
 * Arbitrary hostile requests for one operation. Each request is hostile in one place (its
 * body, a path parameter, its query, or a header) and valid-looking everywhere else, with
 * the real credential, so that it gets past the checks it does not target and reaches
 * validation and the services behind it; a few are hostile everywhere at once.
 */
export function hostileRequests(
  op: Operation,
  doc: OpenApiDocument,
  hints: Hints,
  authorization: string | undefined,
): fc.Arbitrary<HostileRequest> {
  const writes = op.method !== 'get';
  const { base, mutated } = bodyMutations(op, doc, hints);
  const plausible: Parts = {
    path: fillPath(
      op,
      op.pathParams.map((p) => plausibleParameter(doc, p, hints)),
    ),
    query: plausibleQuery(doc, op, hints),
    body: writes ? toJson(base) : undefined,
    headers: {
      ...(authorization ? { Authorization: authorization } : {}),
      ...(writes ? { 'Content-Type': 'application/json' } : {}),
    },
    what: '',
  };

  const focuses: { weight: number; arbitrary: fc.Arbitrary<Parts> }[] = [
    {
      weight: writes ? 8 : 1,
      arbitrary: mutated.map((b) => ({
        ...plausible,
        body: b.body,
        headers: { ...plausible.headers, 'Content-Type': 'application/json' },
        what: `body: ${b.what}`,
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          shortHostileString,
          shortHostileString,
          fc.constantFrom(...MALFORMED_ENCODINGS, 'a[b]=1', 'a=1&a=2', '&&=&', `long=${'x'.repeat(20_000)}`),
        )
        .chain(([name, value, raw]) =>
          fc.constantFrom(
            ...[
              ...op.queryParams.map((p) => `${encodeURIComponent(p.name)}=${percentEncode(value)}`),
              `${percentEncode(name)}=${percentEncode(value)}`,
              raw,
              ...(op.queryParams.some((p) => p.name === 'cursor')
                ? HOSTILE_CURSORS.map((cursor) => `cursor=${cursor}`)
                : []),
            ],
          ),
        )
        .map((q) => ({ ...plausible, query: [...plausible.query, q], what: `query: ${q.slice(0, 80)}` })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          contentType: contentTypes,
          contentEncoding: contentEncodings,
          auth: fc.oneof(
            { weight: 2, arbitrary: fc.constant(authorization) },
            { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
            { weight: 2, arbitrary: fc.constantFrom(...GARBAGE_AUTHORIZATION) },
          ),
          key: idempotencyKeys,
        })
        .map(({ contentType, contentEncoding, auth, key }) => {
          const headers: Record<string, string> = {};
          if (auth !== undefined) headers.Authorization = auth;
          if (key !== undefined) headers['Idempotency-Key'] = key;
          if (writes && contentType !== 'none') headers['Content-Type'] = contentType;
          if (writes && contentEncoding) headers['Content-Encoding'] = contentEncoding;
          return { ...plausible, headers, what: `headers: ${JSON.stringify(headers).slice(0, 120)}` };
        }),
    },
  ];
  if (op.pathParams.length > 0) {
    focuses.push({
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat({ max: op.pathParams.length - 1 }), hostileParameter)
        .map(([index, value]) => {
          const values = op.pathParams.map((p) => plausibleParameter(doc, p, hints));
          values[index] = value;
          return {
            ...plausible,
            path: fillPath(op, values),
            what: `path.${op.pathParams[index].name}=${value.slice(0, 80)}`,
          };
        }),
    });
  }
  return fc.oneof(...focuses).map((parts) => ({
    method: op.method,
    url: parts.query.length > 0 ? `${parts.path}?${parts.query.join('&')}` : parts.path,
    headers: parts.headers,
    body: parts.body,
    what: parts.what,
  }));
}

/** Sends a hostile request to the app's server, its body byte for byte. */
export async function send(
  server: Parameters<typeof request>[0],
  r: HostileRequest,
): Promise<request.Response> {
  let req = request(server)[r.method](r.url).timeout({ response: 30_000 });
  for (const [name, value] of Object.entries(r.headers)) req = req.set(name, value);
  // Bytes as they are: superagent would otherwise JSON-encode a Buffer sent as application/json.
  return r.body === undefined ? req : req.serialize((body: unknown) => body as string).send(r.body);
}

const STABLE_CODE = /^[A-Z][A-Z0-9_]*$/;

/** Why an answer breaks the contract (a 5xx; a 4xx without `{code, message}`), or null. */
export function contractBreach(res: request.Response): string | null {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status < 400) return null;
  if (!/^application\/json/.test(String(res.headers['content-type'] ?? '')))
    return `a ${res.status} without a JSON body`;
  const body = res.body as { code?: unknown; message?: unknown };
  if (typeof body.code !== 'string' || !STABLE_CODE.test(body.code))
    return `a ${res.status} without a stable code`;
  if (typeof body.message !== 'string') return `a ${res.status} without a message`;
  return null;
}

/** Describes a request and its answer for a failure message (bodies cut short). */
export function describeExchange(r: HostileRequest, res: request.Response | undefined): string {
  const body =
    r.body === undefined ? '' : Buffer.isBuffer(r.body) ? `<${r.body.length} bytes>` : r.body.slice(0, 300);
  const answer = res ? `${res.status} ${String(res.text ?? '').slice(0, 300)}` : 'no answer';
  return `${r.method.toUpperCase()} ${r.url.slice(0, 300)} ${JSON.stringify(r.headers).slice(0, 300)} ${body} → ${answer} (${r.what})`;
}

/** A fresh random key for requests that should not collide. */
export const freshKey = (): string => `fuzz-${randomUUID()}`;
