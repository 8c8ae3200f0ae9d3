import { CERTIFICATE_NOT_VALID_AT_ISSUE_DATE } from '../certificates/certificate-validity';

/**
 * The cross-audit's categories (DESIGN §7) and rule version 1, which decides them. The
 * SQL in apps/audit implements these rules; the economy generator (libs/testing/economy) derives
 * its ground truth from the faults it injects, independently of both.
 */
export const AUDIT_RULE_VERSION = 1;

/** Every category a finding can have. MATCHED is counted per run, never stored as a finding. */
export const FINDING_CATEGORIES = [
  'FIELD_MISMATCH',
  'OVERSTATED_CLAIM',
  'MISSING_SELLER_COPY',
  'FORGED',
  'DUPLICATE_CLAIM',
  'VOID_CLAIMED',
  'UNCLAIMED',
  'REVOKED_SEAL',
  'UNDER_DECLARED',
  'INPUT_OVERCLAIMED',
  // Risk monitoring (风险监控): taxpayers' behaviour, judged by the risk stage of a run
  // under its rule set (libs/domain/src/risk/rule-set.ts).
  'CAP_EDGE_ISSUANCE',
  'NEW_ENTITY_BURST',
  'GOODS_DIVERGENCE',
  'ABSCONDED_SELLER_INPUT',
  'ABNORMAL_INPUT_SHARE',
  // The invoice-flow graph (issue 17): rings of taxpayers that invoice one another round,
  // and trade between taxpayers controlled by the same people.
  'CIRCULAR_TRADING',
  'AFFILIATED_TRADE',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

/** The Golden Tax names, for reports and logs. */
export const GOLDEN_TAX_TERMS: Record<FindingCategory | 'MATCHED', string> = {
  MATCHED: '相符',
  FIELD_MISMATCH: '不符',
  OVERSTATED_CLAIM: '大头小尾',
  MISSING_SELLER_COPY: '缺联',
  FORGED: '假票',
  DUPLICATE_CLAIM: '重号',
  VOID_CLAIMED: '属于作废',
  UNCLAIMED: '滞留',
  REVOKED_SEAL: '失控',
  UNDER_DECLARED: '票表比对',
  INPUT_OVERCLAIMED: '进项超抵',
  CAP_EDGE_ISSUANCE: '顶额开具',
  NEW_ENTITY_BURST: '新办企业短期大额开票',
  GOODS_DIVERGENCE: '进销背离',
  ABSCONDED_SELLER_INPUT: '走逃（失联）企业发票',
  ABNORMAL_INPUT_SHARE: '异常凭证占比',
  CIRCULAR_TRADING: '循环开票（虚开团伙）',
  AFFILIATED_TRADE: '关联交易（利益关联方）',
};

/** Categories judged per taxpayer and period rather than per invoice. */
export const PER_TAXPAYER_CATEGORIES: readonly FindingCategory[] = [
  'UNDER_DECLARED',
  'INPUT_OVERCLAIMED',
  'CAP_EDGE_ISSUANCE',
  'NEW_ENTITY_BURST',
  'GOODS_DIVERGENCE',
  'ABNORMAL_INPUT_SHARE',
  'CIRCULAR_TRADING',
  'AFFILIATED_TRADE',
];

/**
 * Categories of the risk stage, which runs once per run after the matching (in the
 * finaliser) under the run's rule set. ABSCONDED_SELLER_INPUT is per claimed invoice;
 * CIRCULAR_TRADING per member of a ring; AFFILIATED_TRADE per seller and buyer; the others
 * per taxpayer.
 */
export const RISK_CATEGORIES: readonly FindingCategory[] = [
  'CAP_EDGE_ISSUANCE',
  'NEW_ENTITY_BURST',
  'GOODS_DIVERGENCE',
  'ABSCONDED_SELLER_INPUT',
  'ABNORMAL_INPUT_SHARE',
  'CIRCULAR_TRADING',
  'AFFILIATED_TRADE',
];

/**
 * Whose behaviour a finding of each category is evidence against, for the risk score:
 * the seller (it issued), the buyer (it claimed) or both. A forged invoice's named seller
 * is usually its victim; a revoked seal's holder and the claimant each had a part.
 */
export const FINDING_SUBJECTS: Readonly<Record<FindingCategory, 'seller' | 'buyer' | 'both'>> = {
  FIELD_MISMATCH: 'both',
  OVERSTATED_CLAIM: 'buyer',
  MISSING_SELLER_COPY: 'seller',
  FORGED: 'buyer',
  DUPLICATE_CLAIM: 'buyer',
  VOID_CLAIMED: 'buyer',
  UNCLAIMED: 'seller',
  REVOKED_SEAL: 'both',
  UNDER_DECLARED: 'seller',
  INPUT_OVERCLAIMED: 'buyer',
  CAP_EDGE_ISSUANCE: 'seller',
  NEW_ENTITY_BURST: 'seller',
  GOODS_DIVERGENCE: 'seller',
  ABSCONDED_SELLER_INPUT: 'buyer',
  ABNORMAL_INPUT_SHARE: 'buyer',
  CIRCULAR_TRADING: 'seller',
  // both sides chose to trade with a party their own controllers control
  AFFILIATED_TRADE: 'both',
};

/**
 * Categories that are information, not suspicion: no assist request is opened for them.
 * (An unclaimed invoice is normal until the buyer's deadline.)
 */
export const INFORMATIONAL_CATEGORIES: readonly FindingCategory[] = ['UNCLAIMED'];

export function isFindingCategory(value: unknown): value is FindingCategory {
  return typeof value === 'string' && (FINDING_CATEGORIES as readonly string[]).includes(value);
}

/**
 * Intake refusals of a claim's seal that make the claimed invoice FORGED: the seal does
 * not verify, or no certificate of the named seller could have made it — among them a
 * certificate whose validity does not cover the issue date ({@link certificateCoversIssueDate},
 * the rule issuance also applies before sealing).
 */
export const SEAL_FAILURE_REASONS = [
  'SEAL_MISMATCH',
  'SELLER_CERTIFICATE_UNKNOWN',
  'CERTIFICATE_NOT_THE_SELLERS',
  CERTIFICATE_NOT_VALID_AT_ISSUE_DATE,
  'CERTIFICATE_CHAIN_INVALID',
] as const;

/** The intake refusal of a seal made after its certificate was revoked (失控). */
export const SEAL_REVOKED_REASON = 'SEAL_REVOKED';

/** Intake refusals that are a second claim of an invoice: they count towards DUPLICATE_CLAIM. */
export const DUPLICATE_CLAIM_REASONS = [
  'ALREADY_CLAIMED',
  'DUPLICATE_IN_REQUEST',
  'DUPLICATE_IN_FILE',
] as const;

/**
 * Rejected claims the audit still judges, as evidence of an attempt: the seal refusals,
 * claims of a voided invoice, claims by someone who is not the buyer, and second claims.
 * Other refusals (an ordinary invoice, an issue date after the period) are clerical
 * errors that intake already answered; no deduction was taken and nothing is suspicious.
 */
export const EVIDENCE_REJECTION_REASONS: readonly string[] = [
  ...SEAL_FAILURE_REASONS,
  SEAL_REVOKED_REASON,
  'INVOICE_VOIDED',
  'NOT_THE_BUYER',
  ...DUPLICATE_CLAIM_REASONS,
];

/** The key fields compared between a claim and the seller's copy, in this order. */
export const COMPARED_FIELDS = ['issueDate', 'sellerTaxId', 'buyerTaxId', 'amount', 'taxAmount'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];
