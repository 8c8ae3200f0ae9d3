/**
 * Every stable error code a DomainError may carry, one list per context (PkiError has its
 * own, PkiErrorCode). A code is part of the API contract: clients branch on it, so it is
 * added here before it is thrown, and never renamed. docs/errors.md explains them;
 * error-codes.spec.ts keeps each list sorted and the lists disjoint.
 */

/** The HTTP pipeline, rate limits and stores (libs/platform). */
export const PLATFORM_ERROR_CODES = [
  'AUTH_FAILURES_LIMITED',
  'BODY_UNREADABLE',
  'CURSOR_INVALID',
  'DUPLICATE_JSON_KEY',
  'JSON_TOO_DEEP',
  'LOGIN_LOCKED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'PROTOTYPE_JSON_KEY',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'UNKNOWN_FIELD',
  'UNSUPPORTED_ENCODING',
  'URL_ENCODING_INVALID',
  'VALIDATION_FAILED',
] as const;

/** Authentication and roles (libs/auth). */
export const AUTH_ERROR_CODES = [
  'API_KEY_INVALID',
  'OFFICER_DISABLED',
  'ROLE_FORBIDDEN',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'TOKEN_REVOKED',
  'UNAUTHENTICATED',
] as const;

/** Domain rules and field formats (libs/domain). */
export const DOMAIN_ERROR_CODES = [
  'AMOUNT_ABOVE_VERSION_CAP',
  'AMOUNT_VERSION_NOT_ALLOWED',
  'AUDIT_PERIOD_IN_FUTURE',
  'AUDIT_SCOPE_AMBIGUOUS',
  'AUDIT_SCOPE_INVALID',
  'BUREAU_CODE_INVALID',
  'CANNOT_DISABLE_SELF',
  'CASE_COMMENT_REQUIRED',
  'CASE_COMMENT_TOO_LONG',
  'CASE_TRANSITION_INVALID',
  'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE',
  'CERTIFICATE_VALIDITY_INVALID',
  'CREDIT_NOTE_LINE_NOT_NEGATIVE',
  'DATE_INVALID',
  'ID_NUMBER_INVALID',
  'INDUSTRY_INVALID',
  'INVOICE_CODE_INVALID',
  'INVOICE_CODE_REGION_MISMATCH',
  'INVOICE_LINES_REQUIRED',
  'INVOICE_NUMBER_INVALID',
  'INVOICE_TAX_OUT_OF_TOLERANCE',
  'INVOICE_TOO_MANY_LINES',
  'INVOICE_TOTAL_MISMATCH',
  'ISSUE_DATE_IN_FUTURE',
  'LAST_NATIONAL_ADMIN',
  'LINE_AMOUNT_MISMATCH',
  'LINE_TAX_OUT_OF_TOLERANCE',
  'MONEY_INVALID',
  'NUMBER_RANGE_INVALID',
  'PARTY_INVALID',
  'PERIOD_CLOSED',
  'PERIOD_INVALID',
  'QUANTITY_INVALID',
  'RULE_SET_PARAMETER_INVALID',
  'RULE_SET_PARAMETER_OUT_OF_RANGE',
  'RULE_SET_PARAMETER_UNKNOWN',
  'SHAREHOLDER_AMBIGUOUS',
  'SHARES_EXCEED_ONE',
  'SHARE_INVALID',
  'TAXPAYER_STATUS_TRANSITION_INVALID',
  'TAX_ID_INVALID',
  'TAX_RATE_INVALID',
  'TAX_RATE_NOT_ALLOWED',
  'TAX_RATE_NOT_IN_FORCE',
  'TEXT_INVALID',
  'TIME_ZONE_INVALID',
] as const;

/** Idempotency-Key (libs/idempotency). */
export const IDEMPOTENCY_ERROR_CODES = [
  'IDEMPOTENCY_KEY_INVALID',
  'IDEMPOTENCY_KEY_IN_FLIGHT',
  'IDEMPOTENCY_KEY_REUSED',
] as const;

/** Bulk files (libs/bulk). */
export const BULK_FILE_ERROR_CODES = ['CSV_HEADER_INVALID', 'FILE_EMPTY', 'FILE_ENCODING_INVALID'] as const;

/** Job payloads (libs/queue). */
export const QUEUE_ERROR_CODES = ['JOB_PAYLOAD_INVALID'] as const;

/** Issuance: enrolment, invoices, verification (apps/issuance). */
export const ISSUANCE_ERROR_CODES = [
  'API_KEY_NOT_FOUND',
  'BUYER_IS_SELLER',
  'BUYER_NOT_GENERAL_TAXPAYER',
  'BUYER_NOT_REGISTERED',
  'CANNOT_CREDIT_A_CREDIT_NOTE',
  'CERTIFICATE_NOT_VALID',
  'CERTIFICATE_REVOKED',
  'CREDIT_EXCEEDS_REMAINING',
  'CREDIT_RATE_NOT_ON_ORIGINAL',
  'ENROLLMENT_TOKEN_EXPIRED',
  'ENROLLMENT_TOKEN_INVALID',
  'INVOICE_ALREADY_VOIDED',
  'INVOICE_CLAIMED',
  'INVOICE_HAS_CREDIT_NOTES',
  'INVOICE_NOT_FOUND',
  'INVOICE_VOIDED',
  'NOT_ENROLLED',
  'NO_SERVICE_HELD_KEY',
  'NUMBER_ALLOCATION_CONTENDED',
  'NUMBER_RANGE_EXHAUSTED',
  'TAXPAYER_NOT_NORMAL',
  'VERIFY_LIMIT_REACHED',
  'VERIFY_MISSES_LIMITED',
  'VOID_PERIOD_CLOSED',
] as const;

/** Collection: claims, returns, uploads (apps/collection). */
export const COLLECTION_ERROR_CODES = [
  'CLAIMANT_NOT_GENERAL_TAXPAYER',
  'NOTHING_TO_CORRECT',
  'PERIOD_NOT_ENDED',
  'PERIOD_REQUIRED',
  'RETURN_ALREADY_FILED',
  'RETURN_NOT_FOUND',
  'UNSUPPORTED_MEDIA_TYPE',
  'UPLOAD_FAILED',
  'UPLOAD_NOT_FOUND',
  'UPLOAD_NOT_RECEIVED',
  'UPLOAD_STAGING_LOST',
] as const;

/** The registry and review for officers (apps/bureau). */
export const REGISTRY_ERROR_CODES = [
  'ASSIST_ALREADY_ANSWERED',
  'ASSIST_NOT_ADDRESSED_TO_YOU',
  'ASSIST_REQUEST_ID_INVALID',
  'ASSIST_REQUEST_NOT_FOUND',
  'AUDIT_DRY_RUN_WITH_TOLERANCE',
  'AUDIT_RULE_SET_REQUIRES_DRY_RUN',
  'AUDIT_RUN_ID_INVALID',
  'AUDIT_RUN_NOT_FOUND',
  'BUREAU_NOT_DISTRICT',
  'BUREAU_NOT_FOUND',
  'CERTIFICATE_ALREADY_REVOKED',
  'CERTIFICATE_NOT_FOUND',
  'FINDING_ID_INVALID',
  'FINDING_NOT_FOUND',
  'GRAPH_DEPTH_INVALID',
  'INVALID_CREDENTIALS',
  'NATIONAL_TIER_ONLY',
  'NOTHING_TO_CHANGE',
  'NUMBER_RANGE_OVERLAP',
  'REASON_WITHOUT_STATUS',
  'RELATED_TAXPAYER_UNKNOWN',
  'REVOCATION_BEFORE_VALIDITY',
  'REVOCATION_IN_FUTURE',
  'RULE_SET_VERSION_INVALID',
  'TAXPAYER_ALREADY_REGISTERED',
  'TAXPAYER_NOT_FOUND',
  'USERNAME_TAKEN',
  'USER_GONE',
  'USER_NOT_FOUND',
] as const;

/** Audit runs and rule sets (libs/audit-runs, apps/audit). */
export const AUDIT_ERROR_CODES = [
  'AUDIT_PERIOD_NO_DATA',
  'QUEUE_DASHBOARD_NATIONAL_ONLY',
  'RULE_SET_NOT_FOUND',
] as const;

/** Findings and cases (libs/review). */
export const REVIEW_ERROR_CODES = [
  'CASE_STATUS_INVALID',
  'FINDING_CATEGORY_INVALID',
  'FINDING_STATE_INVALID',
] as const;

/** The CLI (scripts/cli). */
export const CLI_ERROR_CODES = ['OUTPUT_UNWRITABLE'] as const;

/** Certificates, CSRs and seals refused as invalid input (libs/pki; its own failures are PkiErrorCode). */
export const PKI_INPUT_ERROR_CODES = [
  'CANONICAL_JSON_INVALID',
  'CERTIFICATE_INVALID',
  'CERTIFICATE_SUBJECT_INVALID',
  'CSR_INVALID',
  'CSR_KEY_UNSUPPORTED',
  'CSR_SIGNATURE_INVALID',
  'CSR_SUBJECT_MISMATCH',
  'PUBLIC_KEY_INVALID',
  'PUBLIC_KEY_UNSUPPORTED',
  'SEAL_FIELD_INVALID',
  'SEAL_SIGNATURE_INVALID',
  'VERIFICATION_TIME_INVALID',
] as const;

export type ErrorCode =
  | (typeof PKI_INPUT_ERROR_CODES)[number]
  | (typeof PLATFORM_ERROR_CODES)[number]
  | (typeof AUTH_ERROR_CODES)[number]
  | (typeof DOMAIN_ERROR_CODES)[number]
  | (typeof IDEMPOTENCY_ERROR_CODES)[number]
  | (typeof BULK_FILE_ERROR_CODES)[number]
  | (typeof QUEUE_ERROR_CODES)[number]
  | (typeof ISSUANCE_ERROR_CODES)[number]
  | (typeof COLLECTION_ERROR_CODES)[number]
  | (typeof REGISTRY_ERROR_CODES)[number]
  | (typeof AUDIT_ERROR_CODES)[number]
  | (typeof REVIEW_ERROR_CODES)[number]
  | (typeof CLI_ERROR_CODES)[number];

/** Every list, by context: for docs and checks. */
export const ERROR_CODES_BY_CONTEXT = {
  pkiInput: PKI_INPUT_ERROR_CODES,
  platform: PLATFORM_ERROR_CODES,
  auth: AUTH_ERROR_CODES,
  domain: DOMAIN_ERROR_CODES,
  idempotency: IDEMPOTENCY_ERROR_CODES,
  bulk: BULK_FILE_ERROR_CODES,
  queue: QUEUE_ERROR_CODES,
  issuance: ISSUANCE_ERROR_CODES,
  collection: COLLECTION_ERROR_CODES,
  registry: REGISTRY_ERROR_CODES,
  audit: AUDIT_ERROR_CODES,
  review: REVIEW_ERROR_CODES,
  cli: CLI_ERROR_CODES,
} as const;

const ALL: ReadonlySet<string> = new Set(Object.values(ERROR_CODES_BY_CONTEXT).flat());

/** Whether `code` is one of the codes above (for codes that arrive as data, e.g. a validator's constraint name). */
export function isErrorCode(code: string): code is ErrorCode {
  return ALL.has(code);
}
