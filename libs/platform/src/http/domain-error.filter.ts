import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@app/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody } from './error-body';
import { STATUS_OF_KIND } from './error-status';
import { asServiceUnavailable, STORE_RETRY_AFTER_SECONDS } from './store-unavailable';
import { pathOf } from './url-text.hook';

/** Codes for errors raised by the framework before our code runs (routing, guards of libraries). */
const CODE_OF_HTTP_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * What an unexpected error may show in the logs: its kind, message, database error code
 * and stack — never its attached query parameters, which hold invoices, seals and hashes.
 */
function summarise(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { value: String(exception) };
  const e = exception as { driverError?: { code?: unknown }; code?: unknown };
  const driverCode = e.driverError?.code ?? e.code;
  return { type: exception.name, message: exception.message, code: driverCode, stack: exception.stack };
}

/** Seconds a client should wait before retrying, for the errors that say so. */
function retryAfterOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) {
    return exception.getStatus() === 503 ? STORE_RETRY_AFTER_SECONDS : undefined;
  }
  const seconds = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return exception instanceof DomainError && typeof seconds === 'number' ? seconds : undefined;
}

/**
 * A client fault reported by the platform before our code runs: Fastify's own errors
 * (`FST_*` with a 4xx `statusCode`: a body over its limit, a Content-Length that does not
 * match) or http-errors from a library (`status` 4xx and `expose`).
 */
function clientFaultStatus(exception: unknown): number | undefined {
  const e = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; code?: unknown } | null;
  const fromFastify = typeof e?.code === 'string' && e.code.startsWith('FST_') ? e.statusCode : undefined;
  const status = fromFastify ?? (e?.expose === true ? e.status : undefined);
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** terminus' answer on a failed health check, reduced to each indicator's status. */
function healthDetails(exception: HttpException): Record<string, unknown> | undefined {
  const body = exception.getResponse() as { details?: Record<string, { status?: unknown }> };
  if (typeof body !== 'object' || body === null || typeof body.details !== 'object') return undefined;
  return Object.fromEntries(Object.entries(body.details).map(([name, v]) => [name, v?.status]));
}

/**
 * The single place where errors become HTTP. Domain errors keep their stable code;
 * framework errors get a code from their status; an error showing that Postgres or Redis
 * is unreachable becomes 503 SERVICE_UNAVAILABLE with Retry-After (logged as a warning:
 * an outage, not a bug); anything else is a 500 that is logged in full but shown to the
 * client only as INTERNAL_ERROR.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  catch(caught: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    sendError(ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>(), caught);
  }
}

const logger = new Logger(DomainErrorFilter.name);

/**
 * Answers `caught` in the error model: the filter's work, also for the few places that
 * answer before Nest routes (an undecodable URL) or inside a Fastify scope with an error
 * handler of its own (the queue board's guard).
 */
export function sendError(req: FastifyRequest, reply: FastifyReply, caught: unknown): void {
  const unavailable =
    caught instanceof DomainError || caught instanceof HttpException ? null : asServiceUnavailable(caught);
  const exception = unavailable ?? caught;
  const [status, body] = httpErrorOf(exception, req.raw.method ?? 'GET', req.raw.url ?? '/');
  const retryAfter = retryAfterOf(exception);
  if (retryAfter !== undefined) void reply.header('Retry-After', String(retryAfter));
  if (status === 503 && !(caught instanceof HttpException)) {
    // An outage, not a bug: one line, without the stack. (/health reports its own 503s.)
    const { type, message, code } = summarise(caught);
    logger.warn({ err: { type, message, code }, path: req.raw.url }, 'service unavailable');
  } else if (status >= 500 && status !== 503) {
    logger.error({ err: summarise(exception), path: req.raw.url }, 'unhandled error');
  }
  // A stream (a CSV export) that failed after its headers went out cannot be answered: cut it.
  if (reply.raw.headersSent) return void reply.raw.destroy();
  void reply.status(status).send(body);
}

/** The status and body of an error, for the filter and for the platform's own early refusals. */
function httpErrorOf(exception: unknown, method: string, url: string): [number, ErrorBody] {
  if (exception instanceof DomainError) {
    // `instanceof` narrows the generic class to DomainError<any>: typed back to every kind.
    const error: DomainError = exception;
    const body: ErrorBody = { code: exception.code, message: exception.message };
    if (exception.details !== undefined) body.details = exception.details;
    return [STATUS_OF_KIND[error.kind], body];
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_OF_HTTP_STATUS[status] ?? `HTTP_${status}`;
    const details = status === 503 ? healthDetails(exception) : undefined;
    const message =
      status === 404
        ? `No route ${method} ${pathOf(url)}.`
        : details
          ? 'A store this app needs is not reachable; details give each one’s status.'
          : exception.message || 'Request failed.';
    return [status, details ? { code, message, details } : { code, message }];
  }
  const clientFault = clientFaultStatus(exception);
  if (clientFault !== undefined) {
    return [
      clientFault,
      {
        code: CODE_OF_HTTP_STATUS[clientFault] ?? `HTTP_${clientFault}`,
        message: 'The request is not valid.',
      },
    ];
  }
  return [500, { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred; it has been logged.' }];
}
