import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorKind } from '@app/domain';
import type { Request, Response } from 'express';
import { ErrorBody } from './error-body';
import { asServiceUnavailable, STORE_RETRY_AFTER_SECONDS } from './store-unavailable';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
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

/** A client fault reported by an express-level library (http-errors: `status` 4xx and `expose`). */
function clientFaultStatus(exception: unknown): number | undefined {
  const e = exception as { status?: unknown; expose?: unknown } | null;
  const status = e?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && e?.expose === true
    ? status
    : undefined;
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
  private readonly logger = new Logger(DomainErrorFilter.name);

  catch(caught: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const unavailable =
      caught instanceof DomainError || caught instanceof HttpException ? null : asServiceUnavailable(caught);
    const exception = unavailable ?? caught;
    const [status, body] = this.toHttp(exception, req);
    const retryAfter = retryAfterOf(exception);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    if (status === 503 && !(caught instanceof HttpException)) {
      // An outage, not a bug: one line, without the stack. (/health reports its own 503s.)
      const { type, message, code } = summarise(caught);
      this.logger.warn({ err: { type, message, code }, path: req.url }, 'service unavailable');
    } else if (status >= 500 && status !== 503) {
      this.logger.error({ err: summarise(exception), path: req.url }, 'unhandled error');
    }
    // A stream (a CSV export) that failed after its headers went out cannot be answered: cut it.
    if (res.headersSent) return void res.destroy();
    res.status(status).json(body);
  }

  private toHttp(exception: unknown, req: Request): [number, ErrorBody] {
    if (exception instanceof DomainError) {
      const body: ErrorBody = { code: exception.code, message: exception.message };
      if (exception.details !== undefined) body.details = exception.details;
      return [STATUS_OF_KIND[exception.kind], body];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_OF_HTTP_STATUS[status] ?? `HTTP_${status}`;
      const details = status === 503 ? healthDetails(exception) : undefined;
      const message =
        status === 404
          ? `No route ${req.method} ${req.path}.`
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
}
