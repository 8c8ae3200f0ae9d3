import { DomainError } from '../errors/domain-error';
import { makeResidentId } from '../identifiers/resident-identity-number';
import { makeTaxId } from '../identifiers/unified-social-credit-code';
import { parseControllingParties, partyRows } from './controlling-parties';

const ID = makeResidentId('11010519491231002');
const ID2 = makeResidentId('44010619800101123');
const wrongCheck = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
const COMPANY = makeTaxId('9144010600000000A');

const refusal = (input: Record<string, unknown>): { code: string; field: unknown; message: string } => {
  try {
    parseControllingParties(input);
  } catch (err) {
    const e = err as DomainError;
    return { code: e.code, field: (e.details as { field?: unknown }).field, message: e.message };
  }
  throw new Error('accepted');
};

describe('parseControllingParties', () => {
  it('takes persons, shareholders of both kinds and contacts, trimmed; absent fields stay absent', () => {
    expect(
      parseControllingParties({
        legalRepresentative: { name: ' 张三 ', idNumber: ID },
        shareholders: [
          { name: '张三', idNumber: ID, share: '0.6' },
          { name: '示例控股有限公司', taxId: COMPANY, share: '0.40' },
        ],
        phone: '+86 20-1234-5678',
        bankAccount: '6222021234567890',
        address: '广州市天河区示例路 1 号',
      }),
    ).toEqual({
      legalRepresentative: { name: '张三', idNumber: ID },
      shareholders: [
        { name: '张三', idNumber: ID, share: '0.6' },
        { name: '示例控股有限公司', taxId: COMPANY, share: '0.4' },
      ],
      phone: '+86 20-1234-5678',
      bankAccount: '6222021234567890',
      address: '广州市天河区示例路 1 号',
    });
    expect(parseControllingParties({})).toEqual({});
    expect(parseControllingParties({ financeOfficer: null, shareholders: null })).toEqual({
      financeOfficer: null,
      shareholders: null,
    });
  });

  it('refuses a wrong check character without repeating the number', () => {
    const r = refusal({ financeOfficer: { name: '李四', idNumber: wrongCheck } });
    expect(r).toMatchObject({ code: 'ID_NUMBER_INVALID', field: 'financeOfficer.idNumber' });
    expect(r.message).not.toContain(wrongCheck);
  });

  it.each([
    [[{ name: 'A', idNumber: ID, share: '0' }], 'SHARE_INVALID', 'shareholders[0].share'],
    [[{ name: 'A', idNumber: ID, share: '1.01' }], 'SHARE_INVALID', 'shareholders[0].share'],
    [[{ name: 'A', idNumber: ID, share: 0.5 }], 'SHARE_INVALID', 'shareholders[0].share'],
    [[{ name: 'A', idNumber: ID, share: '-0.5' }], 'SHARE_INVALID', 'shareholders[0].share'],
    [
      [
        { name: 'A', idNumber: ID, share: '0.6' },
        { name: 'B', idNumber: ID2, share: '0.400001' },
      ],
      'SHARES_EXCEED_ONE',
      'shareholders',
    ],
    [[{ name: 'A', idNumber: ID, taxId: COMPANY, share: '0.5' }], 'SHAREHOLDER_AMBIGUOUS', 'shareholders[0]'],
    [[{ name: 'A', share: '0.5' }], 'SHAREHOLDER_AMBIGUOUS', 'shareholders[0]'],
    [[{ name: 'A', taxId: '91440106000000000X', share: '0.5' }], 'TAX_ID_INVALID', 'shareholders[0].taxId'],
    [
      [
        { name: 'A', idNumber: ID, share: '0.2' },
        { name: 'A again', idNumber: ID, share: '0.2' },
      ],
      'PARTY_INVALID',
      'shareholders[1]',
    ],
  ])('refuses shareholders %j with %s', (list, code, field) => {
    expect(refusal({ shareholders: list })).toMatchObject({ code, field });
  });

  it.each([
    [{ legalRepresentative: '张三' }, 'legalRepresentative'],
    [{ legalRepresentative: { name: '', idNumber: ID } }, 'legalRepresentative.name'],
    [{ legalRepresentative: { name: '张三', idNumber: ID, age: 40 } }, 'legalRepresentative.age'],
    [{ shareholders: {} }, 'shareholders'],
    [{ phone: 'call me' }, 'phone'],
    [{ bankAccount: '6222-0212' }, 'bankAccount'],
    [{ address: 7 }, 'address'],
    [{ address: '广州\u0007天河' }, 'address'],
  ])('refuses %j with PARTY_INVALID', (input, field) => {
    expect(refusal(input)).toMatchObject({ code: 'PARTY_INVALID', field });
  });
});

describe('partyRows', () => {
  const digest = (v: string) => `h(${v})`;

  it('keeps an identity number only as its digest and last four, a company by its tax id', () => {
    const rows = partyRows(
      parseControllingParties({
        legalRepresentative: { name: '张三', idNumber: ID },
        shareholders: [
          { name: '张三', idNumber: ID, share: '0.5' },
          { name: '示例控股有限公司', taxId: COMPANY, share: '0.5' },
        ],
      }),
      digest,
    );
    expect(rows.get('legal_representative')).toEqual([
      expect.objectContaining({
        name: '张三',
        idDigest: `h(${ID})`,
        idLast4: ID.slice(-4),
        partyTaxId: null,
      }),
    ]);
    expect(rows.get('shareholder')!.map((r) => [r.idDigest, r.partyTaxId, r.share])).toEqual([
      [`h(${ID})`, null, '0.5'],
      [null, COMPANY, '0.5'],
    ]);
    expect(JSON.stringify([...rows.values()])).not.toContain(`"${ID}"`);
  });

  it('digests contacts in a normal form, keeps a bank account as digest and last four, and clears with null', () => {
    const rows = partyRows(
      parseControllingParties({
        phone: '+86 20-1234 5678',
        address: '广州市 天河区',
        bankAccount: '6222021234567890',
        financeOfficer: null,
      }),
      digest,
    );
    expect(rows.get('phone')![0]).toMatchObject({
      value: '+86 20-1234 5678',
      valueDigest: 'h(862012345678)',
    });
    expect(rows.get('address')![0]).toMatchObject({ valueDigest: 'h(广州市天河区)' });
    expect(rows.get('bank_account')![0]).toMatchObject({
      value: null,
      valueDigest: 'h(6222021234567890)',
      valueLast4: '7890',
    });
    expect(rows.get('finance_officer')).toEqual([]);
    expect(rows.has('legal_representative')).toBe(false);
  });
});
