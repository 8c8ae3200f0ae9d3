import type { DomainErrorKind } from './domain-error';

/**
 * Every stable error code a DomainError may carry, one list per context (PkiError has its
 * own, PkiErrorCode, and is never a 4xx), each code with its kind. A code is part of the API
 * contract: clients branch on it, so it is added here before it is thrown, and never
 * renamed. Its kind decides its HTTP status (the filter in libs/platform maps kinds to
 * statuses), and the error classes take only codes of their kind (`CodeOfKind`), so a code
 * is answered with the status listed here, and each route's OpenAPI document says so.
 * docs/errors.md explains them; error-codes.spec.ts keeps each list sorted and the lists
 * disjoint.
 */

/**
 * A code's kind. A code has one, except one reported two ways on purpose: OFFICER_DISABLED
 * is a 401 for a disabled officer's token and a 403 for its login with the right password
 * (ADR 0018).
 */
type ErrorKinds = Record<string, DomainErrorKind | readonly [DomainErrorKind, DomainErrorKind]>;

/** The HTTP pipeline, rate limits and stores (libs/platform). */
export const PLATFORM_ERROR_CODES = {
  AUTH_FAILURES_LIMITED: 'rate_limited',
  BODY_UNREADABLE: 'invalid',
  CURSOR_INVALID: 'invalid',
  DUPLICATE_JSON_KEY: 'invalid',
  JSON_TOO_DEEP: 'invalid',
  LOGIN_LOCKED: 'rate_limited',
  MALFORMED_JSON: 'invalid',
  PAYLOAD_TOO_LARGE: 'too_large',
  PROTOTYPE_JSON_KEY: 'invalid',
  RATE_LIMITED: 'rate_limited',
  SERVICE_UNAVAILABLE: 'unavailable',
  UNKNOWN_FIELD: 'invalid',
  UNSUPPORTED_ENCODING: 'invalid',
  URL_ENCODING_INVALID: 'invalid',
  VALIDATION_FAILED: 'invalid',
} as const satisfies ErrorKinds;

/** Authentication and roles (libs/auth). */
export const AUTH_ERROR_CODES = {
  API_KEY_INVALID: 'unauthenticated',
  OFFICER_DISABLED: ['forbidden', 'unauthenticated'],
  ROLE_FORBIDDEN: 'forbidden',
  TOKEN_EXPIRED: 'unauthenticated',
  TOKEN_INVALID: 'unauthenticated',
  TOKEN_REVOKED: 'unauthenticated',
  UNAUTHENTICATED: 'unauthenticated',
} as const satisfies ErrorKinds;

/** Domain rules and field formats (libs/domain). */
export const DOMAIN_ERROR_CODES = {
  AMOUNT_ABOVE_VERSION_CAP: 'rule',
  AMOUNT_VERSION_NOT_ALLOWED: 'rule',
  AUDIT_PERIOD_IN_FUTURE: 'rule',
  AUDIT_SCOPE_AMBIGUOUS: 'invalid',
  AUDIT_SCOPE_INVALID: 'invalid',
  BUREAU_CODE_INVALID: 'invalid',
  CANNOT_DISABLE_SELF: 'rule',
  CASE_COMMENT_REQUIRED: 'invalid',
  CASE_COMMENT_TOO_LONG: 'invalid',
  CASE_TRANSITION_INVALID: 'rule',
  CERTIFICATE_NOT_VALID_AT_ISSUE_DATE: 'rule',
  CERTIFICATE_VALIDITY_INVALID: 'invalid',
  CREDIT_NOTE_LINE_NOT_NEGATIVE: 'rule',
  DATE_INVALID: 'invalid',
  ID_NUMBER_INVALID: 'invalid',
  INDUSTRY_INVALID: 'invalid',
  INVOICE_CODE_INVALID: 'invalid',
  INVOICE_CODE_REGION_MISMATCH: 'rule',
  INVOICE_LINES_REQUIRED: 'invalid',
  INVOICE_NUMBER_INVALID: 'invalid',
  INVOICE_TAX_OUT_OF_TOLERANCE: 'rule',
  INVOICE_TOO_MANY_LINES: 'invalid',
  INVOICE_TOTAL_MISMATCH: 'rule',
  ISSUE_DATE_IN_FUTURE: 'rule',
  LAST_NATIONAL_ADMIN: 'rule',
  LINE_AMOUNT_MISMATCH: 'rule',
  LINE_TAX_OUT_OF_TOLERANCE: 'rule',
  MONEY_INVALID: 'invalid',
  NUMBER_RANGE_INVALID: 'invalid',
  PARTY_INVALID: 'invalid',
  PERIOD_CLOSED: 'rule',
  PERIOD_INVALID: 'invalid',
  QUANTITY_INVALID: 'invalid',
  RULE_SET_PARAMETER_INVALID: 'invalid',
  RULE_SET_PARAMETER_OUT_OF_RANGE: 'invalid',
  RULE_SET_PARAMETER_UNKNOWN: 'invalid',
  SHAREHOLDER_AMBIGUOUS: 'invalid',
  SHARES_EXCEED_ONE: 'invalid',
  SHARE_INVALID: 'invalid',
  TAXPAYER_STATUS_TRANSITION_INVALID: 'rule',
  TAX_ID_INVALID: 'invalid',
  TAX_RATE_INVALID: 'invalid',
  TAX_RATE_NOT_ALLOWED: 'rule',
  TAX_RATE_NOT_IN_FORCE: 'rule',
  TEXT_INVALID: 'invalid',
  TIME_ZONE_INVALID: 'invalid',
} as const satisfies ErrorKinds;

/** Idempotency-Key (libs/idempotency). */
export const IDEMPOTENCY_ERROR_CODES = {
  IDEMPOTENCY_KEY_INVALID: 'invalid',
  IDEMPOTENCY_KEY_IN_FLIGHT: 'conflict',
  IDEMPOTENCY_KEY_REUSED: 'rule',
} as const satisfies ErrorKinds;

/** Bulk files (libs/bulk). */
export const BULK_FILE_ERROR_CODES = {
  CSV_HEADER_INVALID: 'invalid',
  FILE_EMPTY: 'invalid',
  FILE_ENCODING_INVALID: 'invalid',
} as const satisfies ErrorKinds;

/** Job payloads (libs/queue). */
export const QUEUE_ERROR_CODES = {
  JOB_PAYLOAD_INVALID: 'invalid',
} as const satisfies ErrorKinds;

/** Issuance: enrolment, invoices, verification (apps/issuance). */
export const ISSUANCE_ERROR_CODES = {
  API_KEY_NOT_FOUND: 'not_found',
  BUYER_IS_SELLER: 'rule',
  BUYER_NOT_GENERAL_TAXPAYER: 'rule',
  BUYER_NOT_REGISTERED: 'rule',
  CANNOT_CREDIT_A_CREDIT_NOTE: 'rule',
  CERTIFICATE_NOT_VALID: 'rule',
  CERTIFICATE_REVOKED: 'rule',
  CREDIT_EXCEEDS_REMAINING: 'rule',
  CREDIT_RATE_NOT_ON_ORIGINAL: 'rule',
  ENROLLMENT_TOKEN_EXPIRED: 'unauthenticated',
  ENROLLMENT_TOKEN_INVALID: 'unauthenticated',
  INVOICE_ALREADY_VOIDED: 'conflict',
  INVOICE_CLAIMED: 'rule',
  INVOICE_HAS_CREDIT_NOTES: 'rule',
  INVOICE_NOT_FOUND: 'not_found',
  INVOICE_VOIDED: 'rule',
  NOT_ENROLLED: 'rule',
  NO_SERVICE_HELD_KEY: 'rule',
  NUMBER_ALLOCATION_CONTENDED: 'rule',
  NUMBER_RANGE_EXHAUSTED: 'rule',
  TAXPAYER_NOT_NORMAL: 'rule',
  VERIFY_LIMIT_REACHED: 'rate_limited',
  VERIFY_MISSES_LIMITED: 'rate_limited',
  VOID_PERIOD_CLOSED: 'rule',
} as const satisfies ErrorKinds;

/** Collection: claims, returns, uploads (apps/collection). */
export const COLLECTION_ERROR_CODES = {
  CLAIMANT_NOT_GENERAL_TAXPAYER: 'rule',
  NOTHING_TO_CORRECT: 'rule',
  PERIOD_NOT_ENDED: 'rule',
  PERIOD_REQUIRED: 'invalid',
  RETURN_ALREADY_FILED: 'conflict',
  RETURN_NOT_FOUND: 'not_found',
  UNSUPPORTED_MEDIA_TYPE: 'invalid',
  UPLOAD_FAILED: 'conflict',
  UPLOAD_NOT_FOUND: 'not_found',
  UPLOAD_NOT_RECEIVED: 'conflict',
  UPLOAD_STAGING_LOST: 'conflict',
} as const satisfies ErrorKinds;

/** The registry and review for officers (apps/bureau). */
export const REGISTRY_ERROR_CODES = {
  ASSIST_ALREADY_ANSWERED: 'conflict',
  ASSIST_NOT_ADDRESSED_TO_YOU: 'rule',
  ASSIST_REQUEST_ID_INVALID: 'invalid',
  ASSIST_REQUEST_NOT_FOUND: 'not_found',
  AUDIT_DRY_RUN_WITH_TOLERANCE: 'invalid',
  AUDIT_RULE_SET_REQUIRES_DRY_RUN: 'invalid',
  AUDIT_RUN_ID_INVALID: 'invalid',
  AUDIT_RUN_NOT_FOUND: 'not_found',
  BUREAU_NOT_DISTRICT: 'rule',
  BUREAU_NOT_FOUND: 'not_found',
  CERTIFICATE_ALREADY_REVOKED: 'conflict',
  CERTIFICATE_NOT_FOUND: 'not_found',
  FINDING_ID_INVALID: 'invalid',
  FINDING_NOT_FOUND: 'not_found',
  GRAPH_DEPTH_INVALID: 'invalid',
  INVALID_CREDENTIALS: 'unauthenticated',
  NATIONAL_TIER_ONLY: 'forbidden',
  NOTHING_TO_CHANGE: 'invalid',
  NUMBER_RANGE_OVERLAP: 'conflict',
  REASON_WITHOUT_STATUS: 'invalid',
  RELATED_TAXPAYER_UNKNOWN: 'invalid',
  REVOCATION_BEFORE_VALIDITY: 'rule',
  REVOCATION_IN_FUTURE: 'rule',
  RULE_SET_VERSION_INVALID: 'invalid',
  TAXPAYER_ALREADY_REGISTERED: 'conflict',
  TAXPAYER_NOT_FOUND: 'not_found',
  USERNAME_TAKEN: 'conflict',
  USER_GONE: 'conflict',
  USER_NOT_FOUND: 'not_found',
} as const satisfies ErrorKinds;

/** Audit runs and rule sets (libs/audit-runs, apps/audit). */
export const AUDIT_ERROR_CODES = {
  AUDIT_PERIOD_NO_DATA: 'rule',
  QUEUE_DASHBOARD_NATIONAL_ONLY: 'forbidden',
  RULE_SET_NOT_FOUND: 'not_found',
} as const satisfies ErrorKinds;

/** Findings and cases (libs/review). */
export const REVIEW_ERROR_CODES = {
  CASE_STATUS_INVALID: 'invalid',
  FINDING_CATEGORY_INVALID: 'invalid',
  FINDING_STATE_INVALID: 'invalid',
} as const satisfies ErrorKinds;

/** The CLI (scripts/cli). */
export const CLI_ERROR_CODES = {
  OUTPUT_UNWRITABLE: 'invalid',
} as const satisfies ErrorKinds;

/** Certificates, CSRs and seals refused as invalid input (libs/pki; its own failures are PkiErrorCode). */
export const PKI_INPUT_ERROR_CODES = {
  CANONICAL_JSON_INVALID: 'invalid',
  CERTIFICATE_INVALID: 'invalid',
  CERTIFICATE_SUBJECT_INVALID: 'invalid',
  CSR_INVALID: 'invalid',
  CSR_KEY_UNSUPPORTED: 'rule',
  CSR_SIGNATURE_INVALID: 'invalid',
  CSR_SUBJECT_MISMATCH: 'rule',
  PUBLIC_KEY_INVALID: 'invalid',
  PUBLIC_KEY_UNSUPPORTED: 'invalid',
  SEAL_FIELD_INVALID: 'invalid',
  SEAL_SIGNATURE_INVALID: 'invalid',
  VERIFICATION_TIME_INVALID: 'invalid',
} as const satisfies ErrorKinds;

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

type Contexts = typeof ERROR_CODES_BY_CONTEXT;

/** Every `[code, kind]` of the lists (a code with two kinds: `[code, [kind, kind]]`). */
type Listed = {
  [X in keyof Contexts]: { [C in keyof Contexts[X]]: [C, Contexts[X][C]] }[keyof Contexts[X]];
}[keyof Contexts];

export type ErrorCode = Listed[0];

type KindsOf<C extends ErrorCode> = Extract<Listed, [C, unknown]>[1] extends infer K
  ? K extends readonly (infer E)[]
    ? E
    : K
  : never;

/** The codes listed with two kinds (OFFICER_DISABLED): one who documents one says which kind it means. */
export type CodeOfTwoKinds = Extract<Listed, [string, readonly unknown[]]>[0];

/** The codes an error of kind K may carry: ValidationError takes CodeOfKind<'invalid'>, and so on. */
export type CodeOfKind<K extends DomainErrorKind> = {
  [C in ErrorCode]: K extends KindsOf<C> ? C : never;
}[ErrorCode];

const KINDS: ReadonlyMap<string, readonly DomainErrorKind[]> = new Map(
  Object.values(ERROR_CODES_BY_CONTEXT).flatMap((list) =>
    Object.entries(list).map(([code, kind]: [string, DomainErrorKind | readonly DomainErrorKind[]]) => [
      code,
      typeof kind === 'string' ? [kind] : kind,
    ]),
  ),
);

/** Whether `code` is one of the codes above (for codes that arrive as data, e.g. a validator's constraint name). */
export function isErrorCode(code: string): code is ErrorCode {
  return KINDS.has(code);
}

/** Whether `code` is listed with kind `kind` (a validator's constraint name, thrown as a ValidationError). */
export function isCodeOfKind<K extends DomainErrorKind>(code: string, kind: K): code is CodeOfKind<K> {
  return KINDS.get(code)?.includes(kind) ?? false;
}

/** The kinds a code is thrown with: one, but two for OFFICER_DISABLED (see ErrorKinds). */
export function kindsOf(code: ErrorCode): readonly DomainErrorKind[] {
  return KINDS.get(code)!;
}
