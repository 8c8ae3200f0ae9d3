import { createHash } from 'node:crypto';
import { makeResidentId, type ControllingParties, type Person } from '@app/domain';
import type { EconomyTaxpayer } from './economy-taxpayers';

const DAY = 86_400_000;
const seedNumber = (seed: string, what: string): number =>
  createHash('sha256').update(`${what}:${seed}`).digest().readUInt32BE(0);
const FIRST_BIRTHDAY = Date.UTC(1950, 0, 1);

/**
 * Person `n` of the economy of `seed`: a valid resident identity number, unique for every n
 * below 20 million (a thousand people per birthday from 1950), in a district of the seed's
 * own (so two economies in one database share nobody, but by a 1 in 10,000 chance).
 */
export function economyPerson(seed: string, n: number, name: string): Person {
  const district = seedNumber(seed, 'person-district') % 10_000;
  const birthday = new Date(FIRST_BIRTHDAY + Math.floor(n / 1000) * DAY).toISOString().slice(0, 10);
  const first17 = `11${String(district).padStart(4, '0')}${birthday.replaceAll('-', '')}${String(n % 1000).padStart(3, '0')}`;
  return { name, idNumber: makeResidentId(first17) };
}

/** A number for a scenario's person `key` (`scenario/person`), above every trader's. */
export function scenarioPersonNumber(key: string): number {
  return 10_000_000 + (createHash('sha256').update(key).digest().readUInt32BE(0) % 9_000_000);
}

/**
 * What a background trader registered: a legal representative and a phone of its own, shared
 * with no other taxpayer (a trader's index is below a million), so that the trade of
 * affiliated parties is the scenarios' alone, and the rule still reads a party row or two for
 * every taxpayer, as it would in a real registry.
 */
export function traderParties(seed: string, t: EconomyTaxpayer): ControllingParties {
  return {
    legalRepresentative: economyPerson(seed, t.index, `${t.name.slice(0, 2)}法人`),
    // 11 digits: a thousand blocks of a million numbers, one block per seed
    phone: `1${3_000_000_000 + (seedNumber(seed, 'phones') % 1000) * 1_000_000 + t.index}`,
  };
}
