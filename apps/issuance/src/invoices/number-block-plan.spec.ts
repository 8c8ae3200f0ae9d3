import { inLockOrder, NumberRequest, planNumberBlocks } from './number-block-plan';

const req = (
  sellerTaxId: string,
  minVersion: 1 | 2 | 3 | 4 = 1,
  certificateSerial = `cert-${sellerTaxId}`,
) => ({
  sellerTaxId,
  minVersion,
  certificateSerial,
});

describe('planNumberBlocks', () => {
  it('gives each seller one block, its invoices in request order', () => {
    const requests: NumberRequest[] = [req('B'), req('A'), req('B'), req('C'), req('B')];
    expect(planNumberBlocks(requests)).toEqual({
      blocks: [
        { sellerTaxId: 'B', minVersion: 1, certificateSerial: 'cert-B', items: [0, 2, 4] },
        { sellerTaxId: 'A', minVersion: 1, certificateSerial: 'cert-A', items: [1] },
        { sellerTaxId: 'C', minVersion: 1, certificateSerial: 'cert-C', items: [3] },
      ],
      singles: [],
    });
  });

  it('takes one by one the numbers of a seller whose invoices need different amount versions', () => {
    const requests = [req('A', 1), req('B', 2), req('A', 3), req('B', 2)];
    expect(planNumberBlocks(requests)).toEqual({
      blocks: [{ sellerTaxId: 'B', minVersion: 2, certificateSerial: 'cert-B', items: [1, 3] }],
      singles: [0, 2],
    });
  });

  it('does not put two certificates of one seller in one block', () => {
    const requests = [req('A', 1, 'old'), req('A', 1, 'new')];
    expect(planNumberBlocks(requests)).toEqual({ blocks: [], singles: [0, 1] });
  });
});

describe('inLockOrder', () => {
  it('orders by seller tax ID, then request order, whatever the input order', () => {
    const requests = [req('C'), req('A'), req('B'), req('A'), req('C')];
    expect(inLockOrder([4, 3, 2, 1, 0], requests)).toEqual([1, 3, 2, 0, 4]);
  });
});
