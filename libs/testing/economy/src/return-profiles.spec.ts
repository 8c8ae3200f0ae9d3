import { currentReturn, planReturns, returnProfileOf, RETURN_PROFILE_CYCLE } from './return-profiles';
import type { TaxpayerTotals } from './taxpayer-ledger';

const totals: TaxpayerTotals = {
  outputTax: 50_000,
  specialSales: 300_000,
  otherSales: 0,
  otherOutputTax: 0,
  claimedTax: 20_000,
};
const LATE = '2100-01-01T00:00:00.000Z';
const plan = (profile: Parameters<typeof planReturns>[2], t = totals, lateAt: string | null = LATE) =>
  planReturns('profiles-spec', 'T', profile, t, '2017-09', '2017-10', 1_000, lateAt);

describe('return profiles', () => {
  it('declares the truth, or misses it by exactly the tolerance, or by a cent more', () => {
    expect(plan('honest')).toMatchObject([{ version: 1, specialOutputTax: 50_000, inputTax: 20_000 }]);
    expect(plan('within')).toMatchObject([{ specialOutputTax: 49_000, inputTax: 21_000 }]);
    expect(plan('just-beyond')).toMatchObject([{ specialOutputTax: 48_999, inputTax: 21_001 }]);
    expect(plan('over-declared')[0].specialOutputTax).toBeGreaterThan(50_000);
    expect(plan('none')).toEqual([]);
  });

  it('under-declares and overclaims by more than the tolerance', () => {
    const [under] = plan('under');
    expect(totals.outputTax - under.specialOutputTax).toBeGreaterThan(1_000);
    const [over] = plan('overclaim');
    expect(over.inputTax - totals.claimedTax).toBeGreaterThan(1_000);
  });

  it('never declares below zero', () => {
    const poor = { ...totals, outputTax: 500, claimedTax: 0 };
    expect(plan('under', poor)[0].specialOutputTax).toBe(0);
    expect(plan('over-declared', poor)[0].inputTax).toBe(0);
  });

  it('judges the latest version filed by the watermark', () => {
    expect(currentReturn(plan('corrected'))).toMatchObject({ version: 2, specialOutputTax: 50_000 });
    const late = plan('late-correction');
    expect(late.map((r) => r.late)).toEqual([false, true]);
    expect(late[1].filedAt).toBe(LATE);
    expect(currentReturn(late)).toMatchObject({ version: 1 });
    // Without late rows, the late correction is never filed.
    expect(plan('late-correction', totals, null)).toHaveLength(1);
    expect(currentReturn([])).toBeNull();
  });

  it('deals every profile to any 24 consecutive taxpayers', () => {
    const dealt = new Set(Array.from({ length: 24 }, (_, i) => returnProfileOf(i + 5)));
    expect(dealt).toEqual(new Set(RETURN_PROFILE_CYCLE));
  });
});
