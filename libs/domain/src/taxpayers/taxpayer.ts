import { BusinessRuleError } from '../errors/domain-error';

/** General taxpayer (一般纳税人) or small-scale taxpayer (小规模纳税人). */
export type TaxpayerKind = 'general' | 'small_scale';
export const TAXPAYER_KINDS: readonly TaxpayerKind[] = ['general', 'small_scale'];

/** normal, abnormal (非正常户, e.g. unreachable at its address) or deregistered (注销). */
export type TaxpayerStatus = 'normal' | 'abnormal' | 'deregistered';
export const TAXPAYER_STATUSES: readonly TaxpayerStatus[] = ['normal', 'abnormal', 'deregistered'];

/** Per-invoice limit version (the last digit of a special invoice code); see `amountCapOf`. */
export type AmountVersion = 1 | 2 | 3 | 4;
export const AMOUNT_VERSIONS: readonly AmountVersion[] = [1, 2, 3, 4];

export function isAmountVersion(n: unknown): n is AmountVersion {
  return n === 1 || n === 2 || n === 3 || n === 4;
}

// Which statuses each status may move to. Deregistration is final: a deregistered
// taxpayer that resumes business registers anew.
const ALLOWED_TRANSITIONS: Readonly<Record<TaxpayerStatus, readonly TaxpayerStatus[]>> = {
  normal: ['abnormal', 'deregistered'],
  abnormal: ['normal', 'deregistered'],
  deregistered: [],
};

/** True when a taxpayer in `from` may be moved to `to`; a no-op move is not a transition. */
export function canTransitionStatus(from: TaxpayerStatus, to: TaxpayerStatus): boolean {
  return allowedFrom(from).includes(to);
}

// Guarded lookup: statuses read from a database row are only strings at run time.
function allowedFrom(from: TaxpayerStatus): readonly TaxpayerStatus[] {
  return Object.hasOwn(ALLOWED_TRANSITIONS, from) ? ALLOWED_TRANSITIONS[from] : [];
}

/**
 * normal ↔ abnormal, normal | abnormal → deregistered. Deregistered is terminal and
 * same → same is refused so a duplicate request cannot pass as a change.
 * @throws BusinessRuleError `TAXPAYER_STATUS_TRANSITION_INVALID` with details `{ from, to, allowed }`.
 */
export function assertStatusTransition(from: TaxpayerStatus, to: TaxpayerStatus): void {
  if (!canTransitionStatus(from, to)) {
    throw new BusinessRuleError(
      'TAXPAYER_STATUS_TRANSITION_INVALID',
      `A taxpayer cannot move from status ${from} to ${to}`,
      { from, to, allowed: allowedFrom(from) },
    );
  }
}
