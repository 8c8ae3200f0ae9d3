import { HttpStatus } from '@nestjs/common';
import { type DomainErrorKind, type ErrorCode, kindsOf } from '@app/domain';

/**
 * The HTTP status of each kind of DomainError: the one mapping from the domain's errors to
 * HTTP. The error filter answers with it, and the OpenAPI documents list each code under it,
 * so a code is documented under the status it is answered with.
 */
export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The statuses a code is answered with: one, except for a code listed with two kinds. */
export function statusesOf(code: ErrorCode): number[] {
  return kindsOf(code).map((kind) => STATUS_OF_KIND[kind]);
}
