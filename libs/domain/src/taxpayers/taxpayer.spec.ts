import {
  AMOUNT_VERSIONS,
  assertStatusTransition,
  canTransitionStatus,
  isAmountVersion,
  type TaxpayerStatus,
} from './taxpayer';

describe('assertStatusTransition', () => {
  it.each<[TaxpayerStatus, TaxpayerStatus, boolean]>([
    ['normal', 'abnormal', true],
    ['abnormal', 'normal', true],
    ['normal', 'deregistered', true],
    ['abnormal', 'deregistered', true],
    ['deregistered', 'normal', false],
    ['deregistered', 'abnormal', false],
    ['deregistered', 'deregistered', false],
    ['normal', 'normal', false],
    ['abnormal', 'abnormal', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransitionStatus(from, to)).toBe(allowed);
    const call = () => assertStatusTransition(from, to);
    if (allowed) expect(call).not.toThrow();
    else
      expect(call).toThrow(
        expect.objectContaining({
          name: 'BusinessRuleError',
          code: 'TAXPAYER_STATUS_TRANSITION_INVALID',
          details: expect.objectContaining({ from, to }),
        }),
      );
  });

  it('refuses a status it does not know instead of crashing', () => {
    expect(() => assertStatusTransition('closed' as TaxpayerStatus, 'normal')).toThrow(
      expect.objectContaining({
        code: 'TAXPAYER_STATUS_TRANSITION_INVALID',
        details: { from: 'closed', to: 'normal', allowed: [] },
      }),
    );
  });
});

describe('amount versions', () => {
  it('are 1 to 4', () => {
    expect(AMOUNT_VERSIONS).toEqual([1, 2, 3, 4]);
    expect([0, 1, 4, 5, '1', 1.5].map(isAmountVersion)).toEqual([false, true, true, false, false, false]);
  });
});
