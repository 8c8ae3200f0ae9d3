import { randomInt } from 'node:crypto';
import { makeTaxId } from '@app/domain';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A fresh, valid unified social credit code (enterprise, category 1) with the given
 * 6-digit division code, random elsewhere, so tests never collide on taxpayers.
 */
export function newTaxId(divisionCode = '440106'): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += ALPHABET[randomInt(ALPHABET.length)];
  return makeTaxId(`91${divisionCode}${org}`);
}

/** The same code with a wrong check character. */
export function withWrongCheckCharacter(taxId: string): string {
  const last = taxId[17];
  const other = ALPHABET[(ALPHABET.indexOf(last) + 1) % ALPHABET.length];
  return taxId.slice(0, 17) + other;
}
