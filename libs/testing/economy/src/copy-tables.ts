import type { CopyValue } from '@app/bulk';
import {
  DEVELOPMENT_IDENTITY_KEY,
  PARTY_ROW_COLUMNS,
  partyDigest,
  partyRowValues,
  partyRows,
} from '@app/domain';
import { formatCents, rateText } from './cents';
import type { EconomyPlan } from './economy-plan';
import type { OnlineInvoiceRow } from './economy-rows';
import {
  PLACEHOLDER_CERTIFICATE_PEM,
  PLACEHOLDER_SIGNATURE,
  placeholderCheckCode,
  placeholderContentHash,
  placeholderSealPayload,
} from './placeholder-seals';

/** What a loaded row needs that the plan does not know: ids made by the database. */
export interface LoadContext {
  officerId: string;
  issuerSerial: string;
}

/** One table of the economy: its COPY column list and how a planned row becomes its values. */
export interface CopyTable {
  name: string;
  columns: readonly string[];
  rows(plan: EconomyPlan, ctx: LoadContext): Iterable<readonly CopyValue[]>;
}

function* mapRows<T>(rows: Iterable<T>, encode: (row: T) => readonly CopyValue[]) {
  for (const row of rows) yield encode(row);
}

/** The lines as issuance stores them (InvoiceLine): taxCode only where there is one. */
function linesJson(r: OnlineInvoiceRow): string {
  const taxRate = rateText(r.rate);
  return JSON.stringify(
    r.lines.map((l) => ({
      description: l.description,
      ...(l.taxCode === null ? {} : { taxCode: l.taxCode }),
      amount: formatCents(l.amount),
      taxRate,
      taxAmount: formatCents(l.tax),
    })),
  );
}

function onlineInvoiceValues(r: OnlineInvoiceRow): CopyValue[] {
  const contentHash = placeholderContentHash(r);
  return [
    r.invoiceCode,
    r.invoiceNumber,
    r.type,
    r.sellerTaxId,
    r.sellerName,
    r.buyerTaxId,
    r.buyerName,
    r.issueDate,
    formatCents(r.amount),
    formatCents(r.tax),
    formatCents(r.amount + r.tax),
    linesJson(r),
    contentHash,
    placeholderSealPayload(r, contentHash),
    PLACEHOLDER_SIGNATURE,
    r.certificateSerial,
    placeholderCheckCode(r),
    r.original?.invoiceCode ?? null,
    r.original?.invoiceNumber ?? null,
    r.original ? '销售退回' : null,
    formatCents(r.credited),
    formatCents(r.creditedTax),
    r.voided?.at ?? null,
    r.voided ? '开票有误' : null,
    r.issuedAt,
  ];
}

/**
 * The tables in load order (foreign keys: taxpayers first, and before their status
 * history, certificates before their revocations and the invoices they sealed, originals
 * before their credit notes).
 */
export const COPY_TABLES: readonly CopyTable[] = [
  {
    name: 'registry.taxpayers',
    columns: [
      'tax_id',
      'name',
      'bureau_code',
      'kind',
      'industry',
      'status',
      'max_amount_version',
      'created_at',
      'updated_at',
    ],
    rows: (plan) =>
      mapRows(plan.taxpayerRows(), (r) => [
        r.taxId,
        r.name,
        r.bureauCode,
        'general',
        r.industry,
        r.status,
        r.maxAmountVersion,
        r.createdAt,
        r.createdAt,
      ]),
  },
  {
    name: 'registry.taxpayer_parties',
    columns: ['tax_id', ...PARTY_ROW_COLUMNS, 'valid_from', 'valid_to'],
    rows: function* (plan) {
      const digest = partyDigest(DEVELOPMENT_IDENTITY_KEY);
      for (const registration of plan.partyRegistrationRows()) {
        for (const rows of partyRows(registration.parties, digest).values()) {
          for (const r of rows)
            yield [registration.taxId, ...partyRowValues(r), registration.from, registration.to];
        }
      }
    },
  },
  {
    name: 'registry.taxpayer_status_changes',
    columns: ['tax_id', 'from_status', 'to_status', 'reason', 'changed_by', 'changed_at'],
    rows: (plan, ctx) =>
      mapRows(plan.statusChangeRows(), (r) => [
        r.taxId,
        r.fromStatus,
        r.toStatus,
        r.reason,
        ctx.officerId,
        r.changedAt,
      ]),
  },
  {
    name: 'pki.certificates',
    columns: [
      'serial_number',
      'tax_id',
      'issuer_serial',
      'certificate_pem',
      'key_source',
      'not_before',
      'not_after',
      'created_at',
    ],
    rows: (plan, ctx) =>
      mapRows(plan.certificateRows(), (r) => [
        r.serialNumber,
        r.taxId,
        ctx.issuerSerial,
        PLACEHOLDER_CERTIFICATE_PEM,
        'csr',
        r.notBefore,
        r.notAfter,
        r.notBefore,
      ]),
  },
  {
    name: 'pki.revocations',
    columns: ['serial_number', 'revoked_at', 'reason', 'revoked_by', 'recorded_at'],
    rows: (plan, ctx) =>
      mapRows(plan.revocationRows(), (r) => [
        r.serialNumber,
        r.revokedAt,
        r.reason,
        ctx.officerId,
        r.recordedAt,
      ]),
  },
  {
    name: 'registry.number_ranges',
    columns: [
      'tax_id',
      'invoice_code',
      'start_number',
      'end_number',
      'amount_version',
      'allocated_by',
      'allocated_at',
    ],
    rows: (plan, ctx) =>
      mapRows(plan.numberRangeRows(), (r) => [
        r.taxId,
        r.invoiceCode,
        r.startNumber,
        r.endNumber,
        r.amountVersion,
        ctx.officerId,
        r.allocatedAt,
      ]),
  },
  {
    name: 'issuance.invoices',
    columns: [
      'invoice_code',
      'invoice_number',
      'type',
      'seller_tax_id',
      'seller_name',
      'buyer_tax_id',
      'buyer_name',
      'issue_date',
      'amount',
      'tax_amount',
      'total',
      'lines',
      'content_hash',
      'seal_payload',
      'seal_signature',
      'certificate_serial',
      'check_code',
      'original_invoice_code',
      'original_invoice_number',
      'credit_reason',
      'credited_amount',
      'credited_tax_amount',
      'voided_at',
      'void_reason',
      'issued_at',
    ],
    rows: (plan) => mapRows(plan.onlineInvoiceRows(), onlineInvoiceValues),
  },
  {
    name: 'collection.seller_copies',
    columns: [
      'invoice_code',
      'invoice_number',
      'type',
      'seller_tax_id',
      'buyer_tax_id',
      'issue_date',
      'amount',
      'tax_amount',
      'content_hash',
      'signature',
      'certificate_serial',
      'status',
      'reason_code',
      'created_at',
    ],
    rows: (plan) =>
      mapRows(plan.sellerCopyRows(), (r) => [
        r.invoiceCode,
        r.invoiceNumber,
        r.type,
        r.sellerTaxId,
        r.buyerTaxId,
        r.issueDate,
        formatCents(r.amount),
        formatCents(r.tax),
        placeholderContentHash(r),
        PLACEHOLDER_SIGNATURE,
        r.certificateSerial,
        r.status,
        r.reasonCode,
        r.createdAt,
      ]),
  },
  {
    name: 'collection.claims',
    columns: [
      'buyer_tax_id',
      'period',
      'invoice_code',
      'invoice_number',
      'issue_date',
      'seller_tax_id',
      'amount',
      'tax_amount',
      'signature',
      'content_hash',
      'status',
      'reason_code',
      'source',
      'upload_id',
      'row_number',
      'created_at',
    ],
    rows: (plan) =>
      mapRows(plan.claimRows(), (r) => [
        r.buyerTaxId,
        r.period,
        r.invoiceCode,
        r.invoiceNumber,
        r.issueDate,
        r.sellerTaxId,
        formatCents(r.amount),
        formatCents(r.tax),
        r.sealed ? PLACEHOLDER_SIGNATURE : null,
        r.sealed ? placeholderContentHash(r) : null,
        r.status,
        r.reasonCode,
        r.upload ? 'upload' : 'api',
        r.upload?.id ?? null,
        r.upload?.row ?? null,
        r.createdAt,
      ]),
  },
  {
    name: 'collection.vat_returns',
    columns: [
      'tax_id',
      'period',
      'version',
      'special_sales',
      'special_output_tax',
      'other_sales',
      'other_output_tax',
      'input_tax',
      'filed_at',
    ],
    rows: (plan) =>
      mapRows(plan.vatReturnRows(), (r) => [
        r.taxId,
        r.period,
        r.version,
        formatCents(r.specialSales),
        formatCents(r.specialOutputTax),
        formatCents(r.otherSales),
        formatCents(r.otherOutputTax),
        formatCents(r.inputTax),
        r.filedAt,
      ]),
  },
];
