import { OfficerPrincipal } from '@app/auth';
import { TaxpayerEntity } from '@app/database';
import { BusinessRuleError, NotFoundError } from '@app/domain';

/** The one answer for a taxpayer that does not exist or lies outside the officer's subtree. */
export function taxpayerNotFound(taxId: string): NotFoundError {
  return new NotFoundError('TAXPAYER_NOT_FOUND', `No taxpayer ${taxId} in your jurisdiction.`);
}

/**
 * The taxpayer if the officer's subtree covers its bureau; a missing one and one outside
 * the subtree are answered alike, so that 404 tells nothing about other jurisdictions.
 */
export function visibleTaxpayer<T extends Pick<TaxpayerEntity, 'bureauCode'>>(
  officer: OfficerPrincipal,
  taxId: string,
  taxpayer: T | null,
): T {
  if (!taxpayer || !officer.covers(taxpayer.bureauCode)) throw taxpayerNotFound(taxId);
  return taxpayer;
}

/** Number ranges and enrollment tokens are only given to taxpayers in good standing. */
export function assertTaxpayerNormal(taxpayer: TaxpayerEntity): void {
  if (taxpayer.status !== 'normal') {
    throw new BusinessRuleError(
      'TAXPAYER_NOT_NORMAL',
      `Taxpayer ${taxpayer.taxId} is ${taxpayer.status}; only a normal taxpayer may receive this.`,
      { taxId: taxpayer.taxId, status: taxpayer.status },
    );
  }
}
