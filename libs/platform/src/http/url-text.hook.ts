import type { FastifyInstance } from 'fastify';
import { DomainError, findInvalidText, printableName, textInvalidError, ValidationError } from '@app/domain';

function encodingError(part: 'path' | 'query', near: string): ValidationError {
  return new ValidationError(
    'URL_ENCODING_INVALID',
    `The ${part} of the URL has a malformed percent-encoding (each %XX must be a byte of UTF-8 text).`,
    { part, near: printableName(near) },
  );
}

function decode(component: string): string | undefined {
  try {
    return decodeURIComponent(component);
  } catch {
    return undefined;
  }
}

/** The request's path, without its query. */
export function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

/**
 * The URL's share of the text rule, checked on the raw URL before routing: a malformed
 * percent-encoding (`%E0%A4%A`, `%FF`) in the path or the query is URL_ENCODING_INVALID,
 * and a query parameter (name or value) with a refused character is TEXT_INVALID with
 * `query.<name>`. The query is decoded here, strictly, because the query parser turns
 * bytes that are not UTF-8 into U+FFFD silently. Path parameters are checked by
 * `TextRulePipe`, which knows their names.
 */
export function checkUrlText(url: string): DomainError | null {
  const mark = url.indexOf('?');
  const path = pathOf(url);
  if (path.includes('%') && decode(path) === undefined) return encodingError('path', path);
  if (mark === -1) return null;
  for (const pair of url.slice(mark + 1).split('&')) {
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const name = decode(rawName.replace(/\+/g, ' '));
    const value = decode(rawValue.replace(/\+/g, ' '));
    if (name === undefined || value === undefined) return encodingError('query', pair);
    const problem = findInvalidText({ [name]: value }, 'query');
    if (problem) return textInvalidError(problem);
  }
  return null;
}

/**
 * {@link checkUrlText} as the first request hook of every app (`configureHttpApp`), for
 * matched routes and the 404 alike.
 */
export function addUrlTextRule(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const problem = checkUrlText(request.raw.url ?? '/');
    if (problem) done(problem);
    else done();
  });
}
