import { findingIdentity } from './finding-identity';

describe('findingIdentity', () => {
  it('names a per-invoice finding by category, invoice and both parties', () => {
    expect(
      findingIdentity({
        category: 'FORGED',
        invoiceCode: '4400123453',
        invoiceNumber: '00000009',
        sellerTaxId: 'S',
        buyerTaxId: 'B',
      }),
    ).toBe('FORGED|4400123453|00000009|S|B');
  });

  it('leaves the parts that do not apply empty', () => {
    const parts = { invoiceCode: null, invoiceNumber: null };
    expect(
      findingIdentity({ category: 'UNDER_DECLARED', ...parts, sellerTaxId: 'S', buyerTaxId: null }),
    ).toBe('UNDER_DECLARED|||S|');
    expect(
      findingIdentity({ category: 'INPUT_OVERCLAIMED', ...parts, sellerTaxId: null, buyerTaxId: 'B' }),
    ).toBe('INPUT_OVERCLAIMED||||B');
  });
});
