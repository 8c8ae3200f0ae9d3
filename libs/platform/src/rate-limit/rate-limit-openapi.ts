import type { OpenAPIObject } from '@nestjs/swagger';
import { NO_RATE_LIMIT_EXTENSION } from './public-rate-limit.guard';

/** Every code a 429 of the abuse limits carries (docs/access-and-limits.md). */
export const RATE_LIMIT_CODES = ['RATE_LIMITED', 'AUTH_FAILURES_LIMITED', 'LOGIN_LOCKED'] as const;

type Responses = NonNullable<OpenAPIObject['paths'][string]['get']>['responses'];
interface ResponseObject {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

const GENERIC =
  'RATE_LIMITED: more requests than the sustained rate plus burst of this enterprise (API key), ' +
  'officer (token) or client IP (public routes). AUTH_FAILURES_LIMITED: too many failed credentials ' +
  '(API keys, enrollment tokens, passwords) from this client IP. Wait the seconds in Retry-After, then retry.';

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 1 },
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', example: 'RATE_LIMITED' },
    message: { type: 'string' },
    details: { type: 'object' },
  },
};

/**
 * Adds the 429 of the abuse limits to every operation of `document` except those marked
 * @SkipRateLimit(), so that a new route is documented as limited exactly as the guards
 * limit it (by default). A route that documents a 429 of its own keeps its description,
 * with the generic codes appended unless it names RATE_LIMITED already.
 */
export function documentRateLimits(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = path[method];
      if (!op || (op as unknown as Record<string, unknown>)[NO_RATE_LIMIT_EXTENSION] === 'none') continue;
      const own = op.responses['429'] as ResponseObject | undefined;
      const description = !own
        ? GENERIC
        : own.description.includes('RATE_LIMITED')
          ? own.description
          : `${own.description}. ${GENERIC}`;
      const documented: ResponseObject = {
        ...own,
        description,
        headers: { ...own?.headers, 'Retry-After': RETRY_AFTER },
        content: own?.content ?? { 'application/json': { schema: ERROR_SCHEMA } },
      };
      op.responses['429'] = documented as Responses[string];
    }
  }
}
