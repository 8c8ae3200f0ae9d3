import { BusinessRuleError, ValidationError } from '../errors/domain-error';
import { DEFAULT_TIME_ZONE, IsoDate, parseDate, todayIn } from '../periods/tax-period';

/** A device certificate's validity as stored (pki.certificates.not_before, not_after). */
export interface ValidityInterval {
  notBefore: Date;
  notAfter: Date;
}

/**
 * The issue dates a certificate may seal: every calendar day, in the business time zone,
 * that its validity touches. An invoice is dated by day; a seal dated D is genuine when
 * the certificate could have made it on D.
 */
export interface IssueDateWindow {
  earliestIssueDate: IsoDate;
  latestIssueDate: IsoDate;
}

/**
 * The window of issue dates `validity` covers in `timeZone`. A certificate valid from
 * 2026-11-30T23:30Z (07:30 on 1 December in Beijing) covers 2026-12-01 and not 2026-11-30;
 * one valid until 2029-11-30T16:30Z (00:30 on 1 December in Beijing) still covers
 * 2029-12-01. The same rule, in SQL, is `pki.covers_issue_date` (migration 13), which the
 * audit uses; a test holds the two to the same answers.
 * @throws ValidationError `CERTIFICATE_VALIDITY_INVALID` for an invalid instant or
 *   notAfter before notBefore; `TIME_ZONE_INVALID` for an unknown zone.
 */
export function issueDateWindow(
  validity: ValidityInterval,
  timeZone: string = DEFAULT_TIME_ZONE,
): IssueDateWindow {
  const from = validity.notBefore.getTime();
  const to = validity.notAfter.getTime();
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) {
    throw new ValidationError('CERTIFICATE_VALIDITY_INVALID', 'A certificate validity must run forward.', {
      notBefore: String(validity.notBefore),
      notAfter: String(validity.notAfter),
    });
  }
  return {
    earliestIssueDate: todayIn(timeZone, validity.notBefore),
    latestIssueDate: todayIn(timeZone, validity.notAfter),
  };
}

/** Whether a seal dated `issueDate` could come from a certificate with this window. */
export function windowCoversIssueDate(window: IssueDateWindow, issueDate: IsoDate): boolean {
  parseDate(issueDate, 'issueDate');
  return window.earliestIssueDate <= issueDate && issueDate <= window.latestIssueDate;
}

/** {@link issueDateWindow} and {@link windowCoversIssueDate} in one. */
export function certificateCoversIssueDate(
  validity: ValidityInterval,
  issueDate: IsoDate,
  timeZone: string = DEFAULT_TIME_ZONE,
): boolean {
  return windowCoversIssueDate(issueDateWindow(validity, timeZone), issueDate);
}

/**
 * The code every app gives a seal whose certificate does not cover its issue date: issuance
 * when asked to seal one, collection when one is presented, the audit when it finds one.
 */
export const CERTIFICATE_NOT_VALID_AT_ISSUE_DATE = 'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE';

/**
 * Refuses to seal an invoice dated outside the sealing certificate's window.
 * @throws BusinessRuleError `CERTIFICATE_NOT_VALID_AT_ISSUE_DATE` with details
 *   `{ issueDate, earliestIssueDate, latestIssueDate, certificateSerial? }`.
 */
export function assertCertificateCoversIssueDate(
  window: IssueDateWindow,
  issueDate: IsoDate,
  certificateSerial?: string,
): void {
  if (windowCoversIssueDate(window, issueDate)) return;
  throw new BusinessRuleError(
    CERTIFICATE_NOT_VALID_AT_ISSUE_DATE,
    `Your sealing certificate seals invoices dated ${window.earliestIssueDate} to ${window.latestIssueDate}; ` +
      `it cannot seal one dated ${issueDate}.`,
    { issueDate, ...window, ...(certificateSerial === undefined ? {} : { certificateSerial }) },
  );
}
