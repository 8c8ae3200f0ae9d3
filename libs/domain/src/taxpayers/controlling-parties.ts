import { createHmac } from 'node:crypto';
import { ValidationError } from '../errors/domain-error';
import { assertResidentId } from '../identifiers/resident-identity-number';
import { assertTaxId } from '../identifiers/unified-social-credit-code';
import { Money } from '../money/money';
import { findForbiddenCharacter } from '../text/text-rule';

/** A natural person named by a taxpayer's registration: name and resident identity number. */
export interface Person {
  name: string;
  /** GB 11643, check character verified. Never stored or returned in clear (keyed hash, last 4). */
  idNumber: string;
}

/** A shareholder: a person, or a company registered as a taxpayer; its share in (0, 1]. */
export type Shareholder = { name: string; share: string } & (
  { idNumber: string; taxId?: undefined } | { taxId: string; idNumber?: undefined }
);

/**
 * Who controls a taxpayer and how it is reached (issue 17, docs/trade-graph.md). On a change,
 * a field that is absent stays as it was; null clears it.
 */
export interface ControllingParties {
  legalRepresentative?: Person | null;
  financeOfficer?: Person | null;
  shareholders?: Shareholder[] | null;
  address?: string | null;
  phone?: string | null;
  bankAccount?: string | null;
}

export const CONTROLLING_PARTY_FIELDS = [
  'legalRepresentative',
  'financeOfficer',
  'shareholders',
  'address',
  'phone',
  'bankAccount',
] as const;

/** At most this many shareholders are registered (the rest is a register's business, not the tax bureau's). */
export const SHAREHOLDERS_MAX = 50;
const SHARE = /^(0\.[0-9]{1,6}|1(\.0{1,6})?)$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function partyInvalid(field: string, message: string, details: Record<string, unknown> = {}): never {
  throw new ValidationError('PARTY_INVALID', `${field} ${message}`, { field, ...details });
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) partyInvalid(`${field}.${key}`, 'is not a field of it');
  }
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > 200) {
    partyInvalid(field, 'must be a name of 1 to 200 characters');
  }
  return value.trim();
}

function person(value: unknown, field: string): Person | null {
  if (value === null) return null;
  if (!isObject(value)) return partyInvalid(field, 'must be {name, idNumber} or null');
  onlyKeys(value, ['name', 'idNumber'], field);
  assertResidentId(value.idNumber, `${field}.idNumber`);
  return { name: name(value.name, `${field}.name`), idNumber: value.idNumber };
}

function shareholders(value: unknown, field: string): Shareholder[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length > SHAREHOLDERS_MAX) {
    return partyInvalid(field, `must be a list of at most ${SHAREHOLDERS_MAX} shareholders, or null`);
  }
  let total = new Money(0);
  const seen = new Set<string>();
  const list = value.map((item, i): Shareholder => {
    const at = `${field}[${i}]`;
    if (!isObject(item)) return partyInvalid(at, 'must be {name, share} with idNumber or taxId');
    onlyKeys(item, ['name', 'share', 'idNumber', 'taxId'], at);
    const hasId = item.idNumber !== undefined;
    const hasTaxId = item.taxId !== undefined;
    if (hasId === hasTaxId) {
      throw new ValidationError(
        'SHAREHOLDER_AMBIGUOUS',
        `${at} names a person (idNumber) or a company (taxId): exactly one of them`,
        { field: at },
      );
    }
    if (typeof item.share !== 'string' || !SHARE.test(item.share) || new Money(item.share).lte(0)) {
      throw new ValidationError(
        'SHARE_INVALID',
        `${at}.share must be a decimal string in (0, 1], e.g. "0.25"`,
        {
          field: `${at}.share`,
        },
      );
    }
    total = total.plus(item.share);
    const holder = name(item.name, `${at}.name`);
    const share = new Money(item.share).toFixed();
    if (hasId) {
      assertResidentId(item.idNumber, `${at}.idNumber`);
      if (seen.has(item.idNumber)) partyInvalid(at, 'repeats a shareholder listed before it');
      seen.add(item.idNumber);
      return { name: holder, share, idNumber: item.idNumber };
    }
    assertTaxId(item.taxId, `${at}.taxId`);
    if (seen.has(item.taxId)) partyInvalid(at, 'repeats a shareholder listed before it');
    seen.add(item.taxId);
    return { name: holder, share, taxId: item.taxId };
  });
  if (total.gt(1)) {
    throw new ValidationError(
      'SHARES_EXCEED_ONE',
      `${field}: the shares add up to ${total.toFixed()}, more than 1`,
      {
        field,
        total: total.toFixed(),
      },
    );
  }
  return list;
}

function contact(value: unknown, field: string, valid: (s: string) => boolean, what: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !valid(value.trim())) partyInvalid(field, `must be ${what}, or null`);
  return value.trim();
}
const matching = (pattern: RegExp) => (s: string) => pattern.test(s);
/** Any text the platform's text rule admits (no control or format characters), 2 to 300 characters. */
const isAddress = (s: string) => s.length >= 2 && s.length <= 300 && findForbiddenCharacter(s) === null;

/**
 * The controlling parties and contacts of a registration or a change (`input`: the request
 * body), each checked; fields not given are left out. Identity numbers are checked here and
 * must be hashed before anything stores them.
 * @throws ValidationError `ID_NUMBER_INVALID` | `SHARE_INVALID` | `SHARES_EXCEED_ONE` |
 *   `SHAREHOLDER_AMBIGUOUS` | `TAX_ID_INVALID` | `PARTY_INVALID`, details `{ field, … }`.
 */
export function parseControllingParties(input: Record<string, unknown>): ControllingParties {
  const out: ControllingParties = {};
  if (input.legalRepresentative !== undefined)
    out.legalRepresentative = person(input.legalRepresentative, 'legalRepresentative');
  if (input.financeOfficer !== undefined) out.financeOfficer = person(input.financeOfficer, 'financeOfficer');
  if (input.shareholders !== undefined) out.shareholders = shareholders(input.shareholders, 'shareholders');
  if (input.address !== undefined)
    out.address = contact(input.address, 'address', isAddress, 'an address of 2 to 300 characters');
  if (input.phone !== undefined) {
    const phone = matching(/^\+?[0-9][0-9 ()-]{4,29}$/);
    out.phone = contact(input.phone, 'phone', phone, 'a phone number (digits, +, -, spaces)');
  }
  if (input.bankAccount !== undefined) {
    const account = matching(/^[0-9]{8,34}$/);
    out.bankAccount = contact(
      input.bankAccount,
      'bankAccount',
      account,
      'an account number of 8 to 34 digits',
    );
  }
  return out;
}

/**
 * The key identity numbers and contacts are digested under outside production (the bureau's
 * IDENTITY_HMAC_KEY default, which production refuses; the economy loads its people under it,
 * so that they match people registered through the API of a development system).
 */
export const DEVELOPMENT_IDENTITY_KEY = 'development-only-identity-key-do-not-use-in-production';

/** The keyed digest (HMAC-SHA256, hex) identity numbers and contacts are stored as. */
export function partyDigest(key: string): (value: string) => string {
  return (value) => createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** The roles that are a way to reach a taxpayer rather than a person or company controlling it. */
export const CONTACT_ROLES = ['address', 'phone', 'bank_account'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** What a stored party is (registry.taxpayer_parties.role). */
export type PartyRole = 'legal_representative' | 'finance_officer' | 'shareholder' | ContactRole;

/** One row of registry.taxpayer_parties: an identity number only as its keyed digest and last four. */
export interface PartyRow {
  role: PartyRole;
  name: string | null;
  idDigest: string | null;
  idLast4: string | null;
  partyTaxId: string | null;
  share: string | null;
  value: string | null;
  valueDigest: string | null;
  valueLast4: string | null;
}

/** registry.taxpayer_parties' columns of a PartyRow, in the order of {@link partyRowValues}. */
export const PARTY_ROW_COLUMNS = [
  'role',
  'name',
  'id_digest',
  'id_last4',
  'party_tax_id',
  'share',
  'value',
  'value_digest',
  'value_last4',
] as const;

/** A PartyRow's values in {@link PARTY_ROW_COLUMNS}' order (an INSERT's or a COPY's). */
export function partyRowValues(r: PartyRow): (string | null)[] {
  return [r.role, r.name, r.idDigest, r.idLast4, r.partyTaxId, r.share, r.value, r.valueDigest, r.valueLast4];
}

const ROLE_OF: Record<(typeof CONTROLLING_PARTY_FIELDS)[number], PartyRole> = {
  legalRepresentative: 'legal_representative',
  financeOfficer: 'finance_officer',
  shareholders: 'shareholder',
  address: 'address',
  phone: 'phone',
  bankAccount: 'bank_account',
};

const EMPTY: Omit<PartyRow, 'role'> = {
  name: null,
  idDigest: null,
  idLast4: null,
  partyTaxId: null,
  share: null,
  value: null,
  valueDigest: null,
  valueLast4: null,
};

/**
 * The rows that replace, role by role, what is in force for the roles `parties` names (null:
 * none). `digest` is the keyed hash (HMAC) identity numbers and contacts are stored as;
 * contacts are digested in a normal form (no spaces; a phone's digits), so that equal
 * addresses, phones and accounts match however they were typed.
 */
export function partyRows(
  parties: ControllingParties,
  digest: (value: string) => string,
): Map<PartyRole, PartyRow[]> {
  const rows = new Map<PartyRole, PartyRow[]>();
  const personRow = (role: PartyRole, p: Person): PartyRow => ({
    ...EMPTY,
    role,
    name: p.name,
    idDigest: digest(p.idNumber),
    idLast4: p.idNumber.slice(-4),
  });
  for (const field of CONTROLLING_PARTY_FIELDS) {
    const given = parties[field];
    if (given === undefined) continue;
    const role = ROLE_OF[field];
    if (given === null) {
      rows.set(role, []);
    } else if (field === 'legalRepresentative' || field === 'financeOfficer') {
      rows.set(role, [personRow(role, given as Person)]);
    } else if (field === 'shareholders') {
      rows.set(
        role,
        (given as Shareholder[]).map((s) =>
          s.idNumber !== undefined
            ? { ...personRow(role, { name: s.name, idNumber: s.idNumber }), share: s.share }
            : { ...EMPTY, role, name: s.name, partyTaxId: s.taxId, share: s.share },
        ),
      );
    } else {
      const value = given as string;
      const normal = field === 'phone' ? value.replace(/[^0-9]/g, '') : value.replace(/\s+/g, '');
      rows.set(role, [
        field === 'bankAccount'
          ? { ...EMPTY, role, valueDigest: digest(normal), valueLast4: normal.slice(-4) }
          : { ...EMPTY, role, value, valueDigest: digest(normal) },
      ]);
    }
  }
  return rows;
}
