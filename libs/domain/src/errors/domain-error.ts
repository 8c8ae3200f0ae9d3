import type { CodeOfKind } from './error-codes';

/**
 * How an error should be understood by a caller. The HTTP layer maps each kind to one
 * status (invalid 400, unauthenticated 401, forbidden 403, not_found 404, conflict 409,
 * too_large 413, rule 422, rate_limited 429, unavailable 503); domain code never knows
 * about HTTP.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rule'
  | 'rate_limited'
  | 'unavailable';

/**
 * Every error the system reports on purpose. `code` is stable and machine-readable
 * (SCREAMING_SNAKE_CASE); clients branch on it. `message` is for people; `details`
 * carries structured context (field names, computed values), never secrets. The code must
 * be listed with the error's kind (error-codes.ts), so that its status is the one listed.
 */
export class DomainError<K extends DomainErrorKind = DomainErrorKind> extends Error {
  constructor(
    readonly code: CodeOfKind<K>,
    message: string,
    readonly kind: K,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input: wrong shape, wrong format, bad check character. */
export class ValidationError extends DomainError<'invalid'> {
  constructor(code: CodeOfKind<'invalid'>, message: string, details?: unknown) {
    super(code, message, 'invalid', details);
  }
}

/** Well-formed input that breaks a business rule (tolerance exceeded, period closed). */
export class BusinessRuleError extends DomainError<'rule'> {
  constructor(code: CodeOfKind<'rule'>, message: string, details?: unknown) {
    super(code, message, 'rule', details);
  }
}

/** The object does not exist, or exists outside the caller's jurisdiction. */
export class NotFoundError extends DomainError<'not_found'> {
  constructor(code: CodeOfKind<'not_found'>, message: string, details?: unknown) {
    super(code, message, 'not_found', details);
  }
}

/** The request conflicts with current state (duplicate, in-flight retry). */
export class ConflictError extends DomainError<'conflict'> {
  constructor(code: CodeOfKind<'conflict'>, message: string, details?: unknown) {
    super(code, message, 'conflict', details);
  }
}

export class UnauthenticatedError extends DomainError<'unauthenticated'> {
  constructor(code: CodeOfKind<'unauthenticated'>, message: string, details?: unknown) {
    super(code, message, 'unauthenticated', details);
  }
}

export class ForbiddenError extends DomainError<'forbidden'> {
  constructor(code: CodeOfKind<'forbidden'>, message: string, details?: unknown) {
    super(code, message, 'forbidden', details);
  }
}

export class RateLimitedError extends DomainError<'rate_limited'> {
  constructor(
    code: CodeOfKind<'rate_limited'>,
    message: string,
    readonly retryAfterSeconds: number,
    details?: unknown,
  ) {
    super(code, message, 'rate_limited', details);
  }
}

/**
 * A store the request needs (Postgres, Redis) cannot be reached right now. Nothing was
 * decided: the client may retry the same request after `retryAfterSeconds`.
 */
export class ServiceUnavailableError extends DomainError<'unavailable'> {
  constructor(
    code: CodeOfKind<'unavailable'>,
    message: string,
    readonly retryAfterSeconds: number,
    details?: unknown,
  ) {
    super(code, message, 'unavailable', details);
  }
}
