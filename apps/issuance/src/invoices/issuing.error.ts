import { BusinessRuleError } from '@app/domain';

/**
 * Refusals that both the context read (cached) and the number-taking statement (under the
 * lock) can reach: one wording and one code, wherever the fact is discovered.
 */
export function sellerNotNormal(status: string | null): BusinessRuleError {
  return new BusinessRuleError(
    'TAXPAYER_NOT_NORMAL',
    `Your taxpayer status is ${status ?? 'unknown'}; you cannot issue invoices.`,
    { status },
  );
}

export function certificateRevoked(): BusinessRuleError {
  return new BusinessRuleError(
    'CERTIFICATE_REVOKED',
    'Your sealing certificate is revoked; enroll again with a new token.',
  );
}
