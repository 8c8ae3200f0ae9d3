import type { TaxPeriod } from '@app/domain';
import type { Cents } from './cents';
import type { VatReturnRow } from './economy-rows';
import type { TaxpayerTotals } from './taxpayer-ledger';
import { beijing } from './economy-calendar';
import { SeededRandom } from './seeded-random';

/**
 * How a taxpayer files its VAT return for the period, relative to what its invoices and
 * claims say. Gaps of exactly the tolerance are not findings (the rule is "more than");
 * gaps one cent beyond are.
 */
export type ReturnProfile =
  /** Declares exactly what was invoiced and claimed. */
  | 'honest'
  /** Under-declares output and over-declares input by exactly the tolerance. */
  | 'within'
  /** … by the tolerance and one cent: both findings. */
  | 'just-beyond'
  /** Under-declares its output tax (票表比对): UNDER_DECLARED. */
  | 'under'
  /** Declares more input tax than it claimed: INPUT_OVERCLAIMED. */
  | 'overclaim'
  /** Declares more output and less input than it had: in the state's favour, no finding. */
  | 'over-declared'
  /** Version 1 under-declares, version 2 is honest: the latest version counts. */
  | 'corrected'
  /** Version 1 is honest, version 2 under-declares and overclaims. */
  | 'worsened'
  /** Version 1 under-declares; the honest version 2 is filed after the watermark, so 1 counts. */
  | 'late-correction'
  /** Files nothing: a missing return is a filing matter, not a finding. */
  | 'none';

/** The profiles, dealt out by {@link returnProfileOf}. */
export const RETURN_PROFILE_CYCLE: readonly ReturnProfile[] = [
  'under',
  'honest',
  'overclaim',
  'within',
  'just-beyond',
  'honest',
  'corrected',
  'worsened',
  'over-declared',
  'late-correction',
  'none',
  'honest',
  'under',
  'overclaim',
  'honest',
  'honest',
];

/**
 * The profile of the `index`-th taxpayer: the cycle, shifted by one every 8 taxpayers so
 * that each district (dealt round-robin over 8) sees every profile. All 16 appear once
 * there are 24 taxpayers.
 */
export function returnProfileOf(index: number): ReturnProfile {
  return RETURN_PROFILE_CYCLE[(index + Math.floor(index / 8)) % RETURN_PROFILE_CYCLE.length];
}

/** Declared minus true: positive output gap = under-declared, positive input gap = overclaimed. */
interface Filing {
  outputGap: Cents;
  inputGap: Cents;
  late?: boolean;
}

function filingsOf(profile: ReturnProfile, tolerance: Cents, big: () => Cents): Filing[] {
  switch (profile) {
    case 'honest':
      return [{ outputGap: 0, inputGap: 0 }];
    case 'within':
      return [{ outputGap: tolerance, inputGap: tolerance }];
    case 'just-beyond':
      return [{ outputGap: tolerance + 1, inputGap: tolerance + 1 }];
    case 'under':
      return [{ outputGap: big(), inputGap: 0 }];
    case 'overclaim':
      return [{ outputGap: 0, inputGap: big() }];
    case 'over-declared':
      return [{ outputGap: -500_000, inputGap: -500_000 }];
    case 'corrected':
      return [
        { outputGap: big(), inputGap: 0 },
        { outputGap: 0, inputGap: 0 },
      ];
    case 'worsened':
      return [
        { outputGap: 0, inputGap: 0 },
        { outputGap: big(), inputGap: big() },
      ];
    case 'late-correction':
      return [
        { outputGap: big(), inputGap: 0 },
        { outputGap: 0, inputGap: 0, late: true },
      ];
    case 'none':
      return [];
  }
}

/**
 * The return versions a taxpayer files for `period`, from its true totals and profile.
 * Declared amounts never go below zero (the table forbids it), so a gap may come out
 * smaller than the profile meant: the ground truth is judged from the rows, not from the
 * intent. Without `lateAt`, the late version of 'late-correction' is not filed.
 */
export function planReturns(
  seed: string,
  taxId: string,
  profile: ReturnProfile,
  totals: TaxpayerTotals,
  period: TaxPeriod,
  fileIn: TaxPeriod,
  tolerance: Cents,
  lateAt: string | null,
): VatReturnRow[] {
  const rng = SeededRandom.of(seed, 'return', taxId);
  const big = () => rng.int(10_000, 5_000_000);
  const filings = filingsOf(profile, tolerance, big).filter((f) => !f.late || lateAt !== null);
  return filings.map((f, i) => ({
    taxId,
    period,
    version: i + 1,
    specialSales: Math.max(0, totals.specialSales),
    specialOutputTax: Math.max(0, totals.outputTax - f.outputGap),
    otherSales: Math.max(0, totals.otherSales),
    otherOutputTax: Math.max(0, totals.otherOutputTax),
    inputTax: Math.max(0, totals.claimedTax + f.inputGap),
    filedAt: f.late && lateAt ? lateAt : beijing(`${fileIn}-${String(10 + 4 * i).padStart(2, '0')}`, 9, 30),
    late: f.late === true,
  }));
}

/** The version the audit judges: the latest filed by the watermark. */
export function currentReturn(rows: readonly VatReturnRow[]): VatReturnRow | null {
  const seen = rows.filter((r) => !r.late);
  return seen.length === 0 ? null : seen.reduce((a, b) => (b.version > a.version ? b : a));
}
