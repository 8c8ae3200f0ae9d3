import { reconcileRisk } from './risk-truth';

const seller = (
  taxId: string,
  category: 'CAP_EDGE_ISSUANCE' | 'ABNORMAL_INPUT_SHARE' = 'CAP_EDGE_ISSUANCE',
) => ({
  category,
  invoiceCode: null,
  invoiceNumber: null,
  sellerTaxId: category === 'CAP_EDGE_ISSUANCE' ? taxId : null,
  buyerTaxId: category === 'CAP_EDGE_ISSUANCE' ? null : taxId,
});

describe('reconcileRisk', () => {
  it('takes what the scenarios declared when the rows make exactly that', () => {
    const declared = [{ parts: seller('A'), taxAtRisk: 100, origin: 'scenario a' }];
    expect(reconcileRisk([{ parts: seller('A'), taxAtRisk: 100 }], declared, new Set(['A']))).toEqual(
      declared,
    );
  });

  it('derives abnormal input shares of buyers outside the scenarios, and nothing else', () => {
    const derived = reconcileRisk(
      [{ parts: seller('T', 'ABNORMAL_INPUT_SHARE'), taxAtRisk: 7 }],
      [],
      new Set(),
    );
    expect(derived).toMatchObject([{ taxAtRisk: 7, origin: expect.stringMatching(/abnormal input/) }]);
    expect(() => reconcileRisk([{ parts: seller('T'), taxAtRisk: 7 }], [], new Set())).toThrow(
      /nobody planted CAP_EDGE_ISSUANCE\|\|\|T\|/,
    );
  });

  it('refuses a declaration its rows do not make, or make with another tax', () => {
    const declared = [{ parts: seller('A'), taxAtRisk: 100, origin: 'scenario a' }];
    expect(() => reconcileRisk([], declared, new Set(['A']))).toThrow(
      /scenario a: declared .* do not make it/,
    );
    expect(() => reconcileRisk([{ parts: seller('A'), taxAtRisk: 99 }], declared, new Set(['A']))).toThrow(
      /declared at 1.00, its rows make 0.99/,
    );
  });
});
