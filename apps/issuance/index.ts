/**
 * The issuance app's public door: what the CLI, the benches and the scripts may use of it.
 * Nothing outside apps/issuance imports from its src/ (lint: no-restricted-imports); what
 * they need is exported here, so that the app's inside can move without breaking them.
 */
export { IssuanceConfig } from './src/config/issuance.config';
export { IssueInvoiceDto } from './src/invoices/dto/issue-invoice.dto';
// The benches' floors run the app's own numbering statements, so they measure the same work.
export { TAKE_NEXT_NUMBER, TAKE_NUMBER_BLOCKS } from './src/invoices/number-counters.repository';
// The HTTP issuing floor batches its requests with the app's own batcher, so that it measures the same policy.
export { AdaptiveBatcher } from './src/invoices/adaptive-batcher';
