import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

/** The part of an OpenAPI 3 schema the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: RequestBody; responses?: Record<string, Response> }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** A response as documentErrors writes an error one: the error body, with `code` one of an enum. */
export interface Response {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: Schema }>;
}

interface RequestBody {
  content?: Record<string, { schema?: Schema }>;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/** One route of one app, as its OpenAPI document describes it. */
export interface Operation {
  method: HttpMethod;
  /** OpenAPI template, e.g. `/v1/invoices/{invoiceCode}/{invoiceNumber}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body schema, when the route declares one. */
  body?: Schema;
  /** Media types the route declares it consumes (JSON, CSV, NDJSON…). */
  consumes: string[];
  /** The error codes it documents, by status ('400': ['TEXT_INVALID', …]). */
  errors: Record<string, string[]>;
}

/** The codes a response documents: the enum of its body's `code`, or none. */
export function documentedCodes(doc: OpenApiDocument, response: Response | undefined): string[] {
  const code = resolve(doc, response?.content?.['application/json']?.schema).properties?.code;
  return (code?.enum ?? []).filter((c): c is string => typeof c === 'string');
}

/** Reads the app's own OpenAPI document (GET /docs-json) and lists every operation in it. */
export async function operationsOf(
  app: INestApplication,
): Promise<{ doc: OpenApiDocument; ops: Operation[] }> {
  const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
  const doc = res.body as OpenApiDocument;
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: content['application/json']?.schema,
        consumes: Object.keys(content),
        errors: Object.fromEntries(
          Object.entries(op.responses ?? {})
            .filter(([status]) => Number(status) >= 400)
            .map(([status, response]) => [status, documentedCodes(doc, response)]),
        ),
      });
    }
  }
  return { doc, ops };
}

/** Resolves `$ref` and merges `allOf`, so the walkers see one plain schema. */
export function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 32; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    s = doc.components?.schemas?.[name] ?? {};
  }
  if (s.allOf) {
    return s.allOf
      .map((part) => resolve(doc, part))
      .reduce<Schema>(
        (merged, part) => ({
          ...merged,
          ...part,
          properties: { ...merged.properties, ...part.properties },
          required: [...(merged.required ?? []), ...(part.required ?? [])],
        }),
        {},
      );
  }
  const alternative = s.oneOf?.[0] ?? s.anyOf?.[0];
  return alternative ? resolve(doc, alternative) : s;
}

/**
 * Values the fuzzer uses for fields and parameters of a given name, so that valid-looking
 * requests reach the services (a real buyer, a real invoice, an existing bureau) instead of
 * stopping at validation. Matched by name, so routes added later benefit too.
 */
export type Hints = Record<string, unknown>;

/**
 * A plausible value for a schema: the hint for its name, else its first enum value, its
 * example, or a value of its type. Objects get every property, so a mutation of any one
 * field leaves the rest of the body valid-looking.
 */
export function plausibleValue(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  hints: Hints,
  name?: string,
  depth = 0,
): unknown {
  if (name !== undefined && name in hints) return hints[name];
  const s = resolve(doc, schema);
  if (s.enum && s.enum.length > 0) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (depth > 8) return null;
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.minimum ?? (s.maximum !== undefined ? Math.min(1, s.maximum) : 1);
    case 'boolean':
      return false;
    case 'array':
      return [plausibleValue(doc, s.items, hints, undefined, depth + 1)];
    case 'string':
      if (s.format === 'date') return new Date().toISOString().slice(0, 10);
      if (s.format === 'uuid') return randomUUID();
      return 'x';
    case undefined:
    default: {
      if (!s.properties) return s.type === 'object' ? {} : 'x';
      const value: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(s.properties)) {
        value[key] = plausibleValue(doc, prop, hints, key, depth + 1);
      }
      return value;
    }
  }
}

/** Every path into a JSON value (`['lines', 0, 'amount']`), containers included, root excluded. */
export function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push([...prefix, i], ...pathsOf(v, [...prefix, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  }
  return out;
}

/** A deep copy of `value` with the value at `path` replaced (or removed when `replacement` is REMOVE). */
export const REMOVE = Symbol('remove');
export function withValueAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy;
}
