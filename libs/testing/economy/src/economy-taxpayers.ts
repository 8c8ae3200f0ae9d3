import {
  DEFAULT_RULE_SET,
  makeTaxId,
  periodEnd,
  TAX_ID_ALPHABET,
  type AmountVersion,
  type IsoDate,
} from '@app/domain';
import { addDays, beijing, daysIn, type EconomyCalendar } from './economy-calendar';
import { divisionOf, ECONOMY_DISTRICTS, provinceOf, regionOf } from './economy-districts';
import { industryAt, industryProfile, type IndustryProfile } from './goods-catalogue';
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
  /** As registered (registry.taxpayers.industry): a GB/T 4754-2017 class, or a section alone. */
  industry: string;
  /** What it sells and buys, by tax-classification chapter. */
  goods: IndustryProfile;
  /** When its bureau registered it (registry.taxpayers.created_at, a Beijing instant), and that day. */
  registeredAt: string;
  registeredOn: IsoDate;
  /** Its part in the background trade; null for a risk scenario's own taxpayers, which take none. */
  trader: TraderHabits | null;
  /** A risk scenario's taxpayer: numbers allocated per amount version (its ranges). */
  numbers: Readonly<Partial<Record<AmountVersion, number>>>;
}

export interface TraderHabits {
  /** Issues its invoices online, with lines (the online share of the trade), else offline. */
  online: boolean;
  /** Now and then invoices close to its code's amount cap, never often enough for 顶额开具. */
  capProne: boolean;
  /**
   * Registered less than newEntityBurst.maxAgeDays before the period's end, yet before the
   * period before it (its invoices come after it): modest sales, ranges far from used up.
   */
  newlyRegistered: boolean;
  /** A spell as an abnormal taxpayer (非正常户) years before any of its invoices: set, lifted. */
  abnormalSpell: readonly [string, string] | null;
}

/** A taxpayer a risk scenario needs for itself, outside the background trade. */
export interface ActorSpec {
  /** `scenario/role`: unique in the economy. */
  key: string;
  industry: string;
  /** Its goods, when `industry` has no profile of its own (a bare section such as 'F'). */
  goods?: string;
  /** Days from its registration to the period's last day (Beijing calendar); default: years. */
  age?: number;
  /** Beijing wall-clock time of its registration: [hours, minutes]; default 09:30. */
  at?: readonly [number, number];
  /** Numbers allocated per amount version; default 64 of each. */
  numbers?: Partial<Record<AmountVersion, number>>;
  /** Its district's bureau code (one of ECONOMY_DISTRICTS); default by its index, as the traders'. */
  bureauCode?: string;
}

const MAX_AGE = DEFAULT_RULE_SET.newEntityBurst.maxAgeDays;

/** A valid unified social credit code (enterprise, 91…) of `division`, drawn from `rng`. */
function drawTaxId(rng: SeededRandom, division: string): string {
  let organisation = '';
  for (let i = 0; i < 9; i++) organisation += rng.pick([...TAX_ID_ALPHABET]);
  return makeTaxId(`91${division}${organisation}`);
}

/** Options of the background trade that decide who does what in it. */
export interface TraderOptions {
  calendar: EconomyCalendar;
  /** Share of the traders that issue online (default 0.1), so about that share of the trade. */
  onlineShare: number;
}

/**
 * `count` traders spread round-robin over {@link ECONOMY_DISTRICTS}, with IDs drawn from
 * the seed (31^9 organisation codes per district: a clash with another test's random IDs
 * is negligible, and a clash within the economy is redrawn). Every 20 traders, one was
 * registered recently enough to be new (age under maxAgeDays) and one just before that
 * (the first of them exactly maxAgeDays, late in the evening); the rest years ago.
 */
export function planTaxpayers(seed: string, count: number, options: TraderOptions): EconomyTaxpayer[] {
  if (!Number.isInteger(count) || count < ECONOMY_DISTRICTS.length) {
    throw new RangeError(`an economy needs at least ${ECONOMY_DISTRICTS.length} taxpayers`);
  }
  const rng = SeededRandom.of(seed, 'taxpayers');
  const taken = new Set<string>();
  const online = onlineTraders(seed, count, options.onlineShare);
  const traders: EconomyTaxpayer[] = [];
  for (let index = 0; index < count; index++) {
    const goods = industryAt(rng.next());
    const registration = traderRegistration(rng, index, options.calendar);
    traders.push({
      ...registered(rng, index, taken, goods.word, registration, options.calendar),
      returnProfile: returnProfileOf(index),
      industry: goods.code,
      goods,
      trader: {
        online: online.has(index),
        capProne: index % 5 === 2 && registration.kind !== 'new',
        newlyRegistered: registration.kind === 'new',
        abnormalSpell: registration.spell,
      },
      numbers: {},
    });
  }
  // At least one online wholesaler or retailer when any: the one kind the goods rule judges.
  if (!traders.some((t) => t.trader!.online && t.industry.startsWith('F'))) {
    const f = traders.find((t) => t.industry.startsWith('F') && !t.trader!.newlyRegistered);
    const other = traders.find((t) => t.trader!.online);
    if (f && other) [f.trader!.online, other.trader!.online] = [true, false];
  }
  return traders;
}

/** The risk scenarios' own taxpayers, after the traders in index and district order. */
export function planActors(
  seed: string,
  specs: readonly ActorSpec[],
  calendar: EconomyCalendar,
  traders: readonly EconomyTaxpayer[],
): Map<string, EconomyTaxpayer> {
  const rng = SeededRandom.of(seed, 'actors');
  const taken = new Set(traders.map((t) => t.taxId));
  const actors = new Map<string, EconomyTaxpayer>();
  specs.forEach((spec, i) => {
    if (actors.has(spec.key)) throw new Error(`risk actor ${spec.key} declared twice`);
    const goods = industryProfile(spec.goods ?? spec.industry);
    const age = spec.age ?? 365 * rng.int(2, 12) + rng.int(0, 364);
    const [hours, minutes] = spec.at ?? [9, 30];
    const registration = { age, hours, minutes };
    actors.set(spec.key, {
      ...registered(rng, traders.length + i, taken, goods.word, registration, calendar, spec.bureauCode),
      returnProfile: 'honest',
      industry: spec.industry,
      goods,
      trader: null,
      numbers: spec.numbers ?? { 3: 64, 1: 64 },
    });
  });
  return actors;
}

interface Registration {
  age: number;
  hours: number;
  minutes: number;
}

/** Who it is and when it was registered. */
function registered(
  rng: SeededRandom,
  index: number,
  taken: Set<string>,
  word: string,
  r: Registration,
  calendar: EconomyCalendar,
  bureauCode?: string,
) {
  const district =
    ECONOMY_DISTRICTS.find((d) => d.bureauCode === bureauCode) ??
    ECONOMY_DISTRICTS[index % ECONOMY_DISTRICTS.length];
  let taxId = drawTaxId(rng, divisionOf(district.bureauCode));
  while (taken.has(taxId)) taxId = drawTaxId(rng, divisionOf(district.bureauCode));
  taken.add(taxId);
  const registeredOn = addDays(periodEnd(calendar.period), -r.age);
  return {
    index,
    taxId,
    name: `${district.name}样本${word}${index + 1}号有限公司`,
    bureauCode: district.bureauCode,
    province: provinceOf(district.bureauCode),
    region: regionOf(district.bureauCode),
    registeredOn,
    registeredAt: beijing(registeredOn, r.hours, r.minutes),
  };
}

function traderRegistration(rng: SeededRandom, index: number, calendar: EconomyCalendar) {
  // The youngest a trader can be: registered by the last day before the period before.
  const youngest = daysIn(calendar.period) + daysIn(calendar.previous);
  const hours = rng.int(8, 17);
  const minutes = rng.int(0, 59);
  if (index % 20 === 7) {
    return { kind: 'new', age: rng.int(youngest, MAX_AGE - 1), hours, minutes, spell: null } as const;
  }
  if (index % 20 === 13) {
    const age = index === 13 ? MAX_AGE : rng.int(MAX_AGE, MAX_AGE + 60);
    return { kind: 'recent', age, hours: index === 13 ? 23 : hours, minutes, spell: null } as const;
  }
  const years = index % 50 === 17 ? rng.int(4, 15) : rng.int(1, 15);
  const age = 365 * years + rng.int(0, 364);
  return {
    kind: 'old',
    age,
    hours,
    minutes,
    spell: index % 50 === 17 ? spellOf(rng, calendar) : null,
  } as const;
}

/** An abnormal spell 400–900 days before the period's end, lifted 20–90 days later. */
function spellOf(rng: SeededRandom, calendar: EconomyCalendar): readonly [string, string] {
  const set = addDays(periodEnd(calendar.period), -rng.int(400, 900));
  return [beijing(set, rng.int(9, 16), rng.int(0, 59)), beijing(addDays(set, rng.int(20, 90)), 10)];
}

/** Which traders issue online: the onlineShare of them, drawn from the seed. */
function onlineTraders(seed: string, count: number, share: number): Set<number> {
  const order = SeededRandom.of(seed, 'online').shuffle(Array.from({ length: count }, (_, i) => i));
  return new Set(order.slice(0, Math.round(share * count)));
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
