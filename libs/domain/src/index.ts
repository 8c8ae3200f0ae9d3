// The only door into @app/domain: pure TypeScript (decimal.js and node builtins only).
export type { default as Decimal } from 'decimal.js';
export * from './errors/domain-error';
export * from './money/money';
export * from './money/quantity';
export * from './periods/tax-period';
export * from './tax/vat-rate-table';
export * from './tax/invoice-tax';
export * from './identifiers/unified-social-credit-code';
export * from './identifiers/invoice-code';
export * from './taxpayers/taxpayer';
export * from './identifiers/bureau-code';
export * from './invoices/invoice-draft';
export * from './invoices/invoice-document';
export * from './invoices/invoice-status';
export * from './number-ranges/number-range.rules';
export * from './audit/audit-categories';
export * from './audit/finding-identity';
export * from './audit/audit-scope';
