import { makeTaxId, TAX_ID_ALPHABET } from '@app/domain';
import { divisionOf, ECONOMY_DISTRICTS, provinceOf, regionOf } from './economy-districts';
import { returnProfileOf, type ReturnProfile } from './return-profiles';
import { SeededRandom } from './seeded-random';

/** A general taxpayer of the economy: it sells, buys, and (per its profile) files a return. */
export interface EconomyTaxpayer {
  index: number;
  taxId: string;
  name: string;
  bureauCode: string;
  /** Bureau code characters 2–3. */
  province: string;
  /** The 4-digit region of the invoice codes it is allocated. */
  region: string;
  returnProfile: ReturnProfile;
}

const TRADES = ['商贸', '电子', '机械', '纺织', '建材', '食品', '化工', '物流'];

/** A valid unified social credit code (enterprise, 91…) of `division`, drawn from `rng`. */
function drawTaxId(rng: SeededRandom, division: string): string {
  let organisation = '';
  for (let i = 0; i < 9; i++) organisation += rng.pick([...TAX_ID_ALPHABET]);
  return makeTaxId(`91${division}${organisation}`);
}

/**
 * `count` taxpayers spread round-robin over {@link ECONOMY_DISTRICTS}, with IDs drawn from
 * the seed (31^9 organisation codes per district: a clash with another test's random IDs
 * is negligible, and a clash within the economy is redrawn).
 */
export function planTaxpayers(seed: string, count: number): EconomyTaxpayer[] {
  if (!Number.isInteger(count) || count < ECONOMY_DISTRICTS.length) {
    throw new RangeError(`an economy needs at least ${ECONOMY_DISTRICTS.length} taxpayers`);
  }
  const rng = SeededRandom.of(seed, 'taxpayers');
  const taken = new Set<string>();
  const taxpayers: EconomyTaxpayer[] = [];
  for (let index = 0; index < count; index++) {
    const district = ECONOMY_DISTRICTS[index % ECONOMY_DISTRICTS.length];
    let taxId = drawTaxId(rng, divisionOf(district.bureauCode));
    while (taken.has(taxId)) taxId = drawTaxId(rng, divisionOf(district.bureauCode));
    taken.add(taxId);
    taxpayers.push({
      index,
      taxId,
      name: `${district.name}样本${TRADES[index % TRADES.length]}${index + 1}号有限公司`,
      bureauCode: district.bureauCode,
      province: provinceOf(district.bureauCode),
      region: regionOf(district.bureauCode),
      returnProfile: returnProfileOf(index),
    });
  }
  return taxpayers;
}

/**
 * IDs that are valid but registered nowhere: the sellers that forged claims name. `taken`
 * (the economy's own IDs) are never returned.
 */
export function unregisteredTaxIds(seed: string, count: number, taken: ReadonlySet<string>): string[] {
  const rng = SeededRandom.of(seed, 'unregistered');
  const ids: string[] = [];
  while (ids.length < count) {
    const id = drawTaxId(rng, '440106');
    if (!taken.has(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
