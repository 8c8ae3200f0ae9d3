import { TaxpayerEntity } from '@app/database';
import { BusinessRuleError } from '@app/domain';

/**
 * Only a general taxpayer in normal standing deducts input tax: a small-scale taxpayer
 * pays at simplified rates without deduction, and an abnormal one (非正常户) is barred.
 */
export function assertMayClaim(taxpayer: TaxpayerEntity | null): TaxpayerEntity {
  if (!taxpayer || taxpayer.kind !== 'general' || taxpayer.status !== 'normal') {
    throw new BusinessRuleError(
      'CLAIMANT_NOT_GENERAL_TAXPAYER',
      'Only a general taxpayer in normal standing may claim input invoices for deduction.',
      { kind: taxpayer?.kind ?? null, status: taxpayer?.status ?? null },
    );
  }
  return taxpayer;
}
