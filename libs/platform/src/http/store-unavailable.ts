import { ServiceUnavailableError } from '@app/domain';

/** What a client is told to wait before retrying while a store is unreachable (a restart takes seconds). */
export const STORE_RETRY_AFTER_SECONDS = 5;

export type Store = 'postgres' | 'redis';

/**
 * SQLSTATEs that mean "Postgres cannot serve you right now", not "your statement is wrong":
 * 57P01 admin_shutdown (a restart terminated the session), 57P02 crash_shutdown,
 * 57P03 cannot_connect_now (starting up or shutting down), 53300 too_many_connections.
 * Class 08 (connection exception) is matched by its prefix, except 08P01 protocol_violation
 * (a client bug, not an outage).
 */
const PG_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Errors of the pg client and pool when the connection is gone or cannot be made. */
const PG_CLIENT_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
];

/** ioredis' errors while its connection is down, and Redis' refusals during a restart or failover. */
const REDIS_MESSAGES = [
  /^Connection is closed\.$/,
  /^Stream isn't writeable and enableOfflineQueue options is false$/,
  /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN) /,
];

/** Socket errors of a store connection (a `syscall` says it came from a socket, not a client's abort). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  syscall?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Which store an error shows to be unreachable, if any ('unknown' for a bare socket error). */
export function unreachableStoreOf(error: unknown): Store | 'unknown' | null {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  let found: Store | 'unknown' | null = null;
  while (pending.length > 0 && seen.size < 16) {
    const e = pending.shift() as ErrorLike | null | undefined;
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const own = classify(e);
    if (own === 'postgres' || own === 'redis') return own;
    found ??= own;
    pending.push(e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : []));
  }
  return found;
}

function classify(e: ErrorLike): Store | 'unknown' | null {
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((re) => re.test(message))) return 'redis';
  if (PG_UNAVAILABLE_STATES.has(code) || (/^08[0-9A-Z]{3}$/.test(code) && code !== '08P01'))
    return 'postgres';
  if (PG_CLIENT_MESSAGES.some((re) => re.test(message))) return 'postgres';
  if (NETWORK_CODES.has(code) && typeof e.syscall === 'string') return 'unknown';
  return null;
}

/**
 * The 503 for an error that shows Postgres or Redis to be unreachable (a restart, a
 * network cut, a full connection table), or null for anything else — which stays a 500:
 * a bug must not hide behind "try again later". Used by the global filter, so every
 * route of every app answers an outage the same way.
 */
export function asServiceUnavailable(error: unknown): ServiceUnavailableError | null {
  const store = unreachableStoreOf(error);
  if (store === null) return null;
  const name = store === 'postgres' ? 'Postgres' : store === 'redis' ? 'Redis' : 'a database or queue';
  return new ServiceUnavailableError(
    'SERVICE_UNAVAILABLE',
    `A service this request needs (${name}) is not reachable; retry shortly.`,
    STORE_RETRY_AFTER_SECONDS,
    store === 'unknown' ? undefined : { store },
  );
}
