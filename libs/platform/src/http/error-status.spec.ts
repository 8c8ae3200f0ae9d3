import { ArgumentsHost, Logger } from '@nestjs/common';
import { DomainError, DomainErrorKind, ERROR_CODES_BY_CONTEXT, type ErrorCode, kindsOf } from '@app/domain';
import { DomainErrorFilter } from './domain-error.filter';
import { STATUS_OF_KIND, statusesOf } from './error-status';

const ALL_CODES = Object.values(ERROR_CODES_BY_CONTEXT).flatMap((list) => Object.keys(list)) as ErrorCode[];

/** What the filter answers for `error`: its status and code. */
function answer(error: unknown): { status: number; code: unknown } {
  const sent: { status: number; code: unknown } = { status: 0, code: undefined };
  const reply = {
    raw: { headersSent: false },
    header: () => reply,
    status: (status: number) => ((sent.status = status), reply),
    send: (body: { code: unknown }) => ((sent.code = body.code), reply),
  };
  const request = { raw: { method: 'GET', url: '/x' } };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new DomainErrorFilter().catch(error, host);
  return sent;
}

describe('the status of an error code', () => {
  it('is a client error, or 503 for an outage, for every listed code', () => {
    for (const code of ALL_CODES) {
      for (const status of statusesOf(code))
        expect(status === 503 || (status >= 400 && status < 500)).toBe(true);
    }
  });

  it('is two statuses only for OFFICER_DISABLED: a token 401, a login 403', () => {
    expect(ALL_CODES.filter((code) => statusesOf(code).length > 1)).toEqual(['OFFICER_DISABLED']);
    expect(statusesOf('OFFICER_DISABLED').sort()).toEqual([401, 403]);
    expect(statusesOf('INVOICE_NOT_FOUND')).toEqual([404]);
  });

  it('is the status the error filter answers an error of that code with', () => {
    // A 503 is logged as an outage; not here.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    for (const code of ALL_CODES) {
      for (const kind of kindsOf(code)) {
        // The code as data: which kinds it has is what is tested.
        const error = new DomainError<DomainErrorKind>(code, 'm', kind);
        expect(answer(error)).toEqual({ status: STATUS_OF_KIND[kind], code });
      }
    }
    expect(statusesOf('INVOICE_TOTAL_MISMATCH')).toEqual([422]);
  });
});
