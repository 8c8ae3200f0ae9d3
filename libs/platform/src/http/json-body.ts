import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError, ValidationError } from '@app/domain';
import { findDuplicateKey } from './duplicate-key-detector';

/** Thrown from body-parser's verify hook; turned into DUPLICATE_JSON_KEY below. */
class DuplicateJsonKey extends Error {
  constructor(readonly key: string) {
    super(`The JSON body has the key "${key}" twice in one object.`);
  }
}

/** Maps what body-parser reports on a bad body to our error model. */
function toDomainError(err: unknown): unknown {
  const e = err as { type?: string; message?: string };
  if (err instanceof DuplicateJsonKey) {
    return new ValidationError('DUPLICATE_JSON_KEY', err.message, { key: err.key });
  }
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
    default:
      return err;
  }
}

/**
 * JSON body parsing for every app: strict (objects and arrays only), size-limited, and
 * refusing duplicate keys — `JSON.parse` keeps the last of two equal keys, so
 * `{"amount":"1.00","amount":"9999.00"}` would mean something other than what a reviewer
 * of the raw body reads. Non-JSON bodies are left to the routes that stream them.
 */
export function strictJsonBody(limitBytes: number): RequestHandler {
  const parse = json({
    limit: limitBytes,
    strict: true,
    verify: (_req, _res, buf) => {
      let duplicate: string | null;
      try {
        duplicate = findDuplicateKey(buf.toString('utf8'));
      } catch {
        return; // not JSON at all: the parser that runs next reports MALFORMED_JSON
      }
      if (duplicate !== null) throw new DuplicateJsonKey(duplicate);
    },
  });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => next(err ? toDomainError(err) : undefined));
}
