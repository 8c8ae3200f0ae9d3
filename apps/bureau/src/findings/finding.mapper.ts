import type { FindingRow } from '@app/review';
import type { FindingDto } from './dto/finding.dto';

/** The API's finding: the row as read, with an empty details object rather than null. */
export function toFindingDto(row: FindingRow): FindingDto {
  return {
    id: row.id,
    period: row.period,
    category: row.category,
    status: row.status,
    state: row.state,
    invoiceCode: row.invoiceCode,
    invoiceNumber: row.invoiceNumber,
    sellerTaxId: row.sellerTaxId,
    buyerTaxId: row.buyerTaxId,
    sellerBureauCode: row.sellerBureauCode,
    buyerBureauCode: row.buyerBureauCode,
    taxAtRisk: row.taxAtRisk,
    details: row.details ?? {},
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    resolvedAt: row.resolvedAt,
  };
}

/** A finding is the business of both parties' bureaus and their ancestors. */
export function routedTo(row: Pick<FindingRow, 'sellerBureauCode' | 'buyerBureauCode'>): string[] {
  return [row.sellerBureauCode, row.buyerBureauCode].filter((c): c is string => c !== null);
}
