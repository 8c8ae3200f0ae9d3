import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorKind, RateLimitedError, ServiceUnavailableError } from '@app/domain';
import type { Request, Response } from 'express';
import { ErrorBody } from './error-body';

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
};

/**
 * What an unexpected error may show in the logs: its kind, message, database error code
 * and stack — never its attached query parameters, which hold invoices, seals and hashes.
 */
function summarise(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { value: String(exception) };
  const driverCode = (exception as { driverError?: { code?: string } }).driverError?.code;
  return { type: exception.name, message: exception.message, code: driverCode, stack: exception.stack };
}

/**
 * The single place where errors become HTTP. Domain errors keep their stable code;
 * framework errors get a code from their status; anything else is a 500 that is logged
 * in full but shown to the client only as INTERNAL_ERROR.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const [status, body] = this.toHttp(exception, req);
    if (exception instanceof RateLimitedError || exception instanceof ServiceUnavailableError) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (status >= 500) {
      this.logger.error({ err: summarise(exception), path: req.url }, 'unhandled error');
    }
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
      const message =
        status === 404 ? `No route ${req.method} ${req.path}.` : exception.message || 'Request failed.';
      return [status, { code, message }];
    }
    return [500, { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred; it has been logged.' }];
  }
}
