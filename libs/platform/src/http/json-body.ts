import { json } from 'body-parser';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, findInvalidText, textInvalidError, ValidationError } from '@app/domain';
import { findJsonStructureProblem, JsonStructureProblem, MAX_JSON_DEPTH } from './json-structure';

/** Thrown from body-parser's verify hook; turned into DUPLICATE_JSON_KEY, PROTOTYPE_JSON_KEY or JSON_TOO_DEEP below. */
class JsonStructureRefused extends Error {
  constructor(readonly problem: JsonStructureProblem) {
    super(problem.kind);
  }
}

function structureError(problem: JsonStructureProblem): ValidationError {
  if (problem.kind === 'duplicate_key') {
    return new ValidationError(
      'DUPLICATE_JSON_KEY',
      `The JSON body has the key "${problem.key}" twice in one object.`,
      { key: problem.key },
    );
  }
  if (problem.kind === 'prototype_key') {
    return new ValidationError(
      'PROTOTYPE_JSON_KEY',
      `The JSON body uses the key "${problem.key}", which names a JavaScript prototype; no route accepts it.`,
      { key: problem.key },
    );
  }
  return new ValidationError(
    'JSON_TOO_DEEP',
    `The JSON body nests objects and arrays more than ${problem.maxDepth} levels deep.`,
    { maxDepth: problem.maxDepth },
  );
}

/** Maps what body-parser reports on a bad body to our error model. */
function toDomainError(err: unknown): unknown {
  const e = err as { type?: string; message?: string; status?: unknown };
  if (err instanceof JsonStructureRefused) return structureError(err.problem);
  switch (e?.type ?? '') {
    case 'entity.parse.failed':
      return new ValidationError(
        'MALFORMED_JSON',
        `The request body is not valid JSON: ${e.message ?? ''}`.trim(),
      );
    case 'entity.too.large':
      return new DomainError('PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit.', 'too_large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ValidationError('UNSUPPORTED_ENCODING', e.message ?? 'Unsupported body encoding.');
  }
  // The rest of body-parser's client faults: a body that ended early or differs from its
  // Content-Length, or a Content-Encoding (gzip, deflate, br) whose data does not inflate.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new ValidationError(
      'BODY_UNREADABLE',
      'The request body could not be read as sent (cut short, or not in its Content-Encoding).',
    );
  }
  return err;
}

/** The body as text, in the charset body-parser will decode it with (only utf-* are allowed). */
function textOf(buf: Buffer, encoding: string): string {
  if (encoding === 'utf-8' || encoding === 'utf8') return buf.toString('utf8');
  try {
    return new TextDecoder(encoding).decode(buf);
  } catch {
    return buf.toString('latin1'); // e.g. utf-32: its brackets and quotes are still ASCII bytes
  }
}

/**
 * JSON body parsing for every app: strict (objects and arrays only) and size-limited. Before
 * `JSON.parse`, one iterative scan of the raw text refuses bodies nested deeper than
 * {@link MAX_JSON_DEPTH} (JSON_TOO_DEEP: validation and canonicalisation recurse per level
 * and would overflow the stack), duplicate keys (DUPLICATE_JSON_KEY) and keys naming a prototype
 * (PROTOTYPE_JSON_KEY). After it, every
 * string and key must pass the text rule (TEXT_INVALID, see `findInvalidText`), before any
 * guard, interceptor or service reads the body.
 *
 * Registered as Fastify's only `application/json` parser. body-parser does the reading, as
 * it did under Express: it owns the charset, Content-Encoding (gzip, deflate, br) and
 * Content-Length rules, and each of its refusals maps to one of our codes above. Bodies of
 * any other type are left unread, for the routes that stream them (uploads); a JSON route
 * sent one finds no body and fails validation.
 */
export function registerStrictJsonBody(fastify: FastifyInstance, limitBytes: number): void {
  const parse = json({
    limit: limitBytes,
    strict: true,
    verify: (_req, _res, buf, encoding) => {
      const problem = findJsonStructureProblem(textOf(buf, encoding), MAX_JSON_DEPTH);
      if (problem !== null) throw new JsonStructureRefused(problem);
    },
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request, _payload, done) => {
    const raw = request.raw as IncomingMessage & { body?: unknown };
    // body-parser never writes to the response; it takes one for Connect's signature.
    parse(raw, undefined as unknown as ServerResponse, (err?: unknown) => {
      if (err) return done(toDomainError(err) as Error, undefined);
      const problem = raw.body === undefined ? null : findInvalidText(raw.body);
      if (problem) return done(textInvalidError(problem), undefined);
      done(null, raw.body);
    });
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}
