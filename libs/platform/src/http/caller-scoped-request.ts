import type { FastifyRequest } from 'fastify';

/**
 * A request whose caller the auth guards have named for keys scoped to it: `taxpayer:<taxId>`
 * for an enterprise's API key, `officer:<userId>` for an officer. The guards set it; the
 * idempotency wrapper reads it, so one caller's `Idempotency-Key` never meets another's.
 */
export interface CallerScopedRequest extends FastifyRequest {
  idempotencyScope?: string;
}
