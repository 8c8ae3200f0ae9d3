import type { OpenAPIObject } from '@nestjs/swagger';

type Responses = Record<string, { description?: string; content?: unknown; headers?: unknown }>;

const ERROR_BODY = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', example: 'TEXT_INVALID', description: 'Stable, machine-readable' },
    message: { type: 'string', description: 'For people' },
    details: { description: 'Structured context, e.g. { field, codePoint } for TEXT_INVALID' },
  },
};

const MALFORMED =
  'Malformed request (any route): MALFORMED_JSON, DUPLICATE_JSON_KEY, PROTOTYPE_JSON_KEY (a key __proto__, ' +
  'constructor or prototype), JSON_TOO_DEEP (nested more than 64 ' +
  'levels), TEXT_INVALID (a control character other than tab and line breaks, a lone surrogate or an ' +
  'invisible format character such as U+202E in a body field or key, a query or a path parameter; details ' +
  '{ field, codePoint, index, reason }), URL_ENCODING_INVALID, BODY_UNREADABLE, UNSUPPORTED_ENCODING, ' +
  'VALIDATION_FAILED, UNKNOWN_FIELD, or a field code such as MONEY_INVALID.';

const UNAVAILABLE =
  'SERVICE_UNAVAILABLE (any route): Postgres or Redis is not reachable; nothing was decided. Retry after ' +
  'the seconds in Retry-After.';

/**
 * Adds to every operation of an app's OpenAPI document the errors every route can give,
 * which no controller declares: 400 for malformed input (ADR 0003, 0020) and 503 while a
 * store is unreachable, both with the one error body.
 */
export function withCommonErrors(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY };
  const body = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item as Record<string, { responses?: Responses }>)) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const responses = (op.responses ??= {});
      const bad = responses['400'];
      responses['400'] = bad
        ? { ...bad, description: `${bad.description ?? ''} ${MALFORMED}`.trim() }
        : { description: MALFORMED, content: body };
      responses['503'] ??= {
        description: UNAVAILABLE,
        headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
        content: body,
      };
    }
  }
  return document;
}
