import { TruthRecorder } from './ground-truth';

const bureaus = new Map([
  ['GD1', '14401060000'],
  ['GD2', '14403040000'],
  ['BJ1', '11101010000'],
]);
const perInvoice = (category: 'FORGED' | 'UNCLAIMED', seller: string, buyer: string) => ({
  category,
  invoiceCode: '4401171233',
  invoiceNumber: '00000001',
  sellerTaxId: seller,
  buyerTaxId: buyer,
});

describe('TruthRecorder', () => {
  it('counts and sums per category, MATCHED always present', () => {
    const truth = new TruthRecorder('2017-09', '10.00', bureaus, true);
    truth.finding(perInvoice('FORGED', 'GD1', 'GD2'), 1_234, 'a');
    truth.finding(perInvoice('UNCLAIMED', 'GD1', 'GD2'), 0, 'b');
    truth.finding({ ...perInvoice('FORGED', 'GD1', 'BJ1'), invoiceNumber: '00000002' }, 66, 'c');
    const result = truth.result();
    expect(result.counts).toEqual({ FORGED: 2, UNCLAIMED: 1, MATCHED: 0 });
    expect(result.taxAtRisk).toEqual({ FORGED: '13.00', UNCLAIMED: '0.00' });
    expect(result.findings!.map((f) => f.identity)).toEqual([
      'FORGED|4401171233|00000001|GD1|GD2',
      'UNCLAIMED|4401171233|00000001|GD1|GD2',
      'FORGED|4401171233|00000002|GD1|BJ1',
    ]);
  });

  it('asks for assistance across provinces only, for registered parties and suspicious categories', () => {
    const truth = new TruthRecorder('2017-09', '10.00', bureaus, true);
    truth.finding(perInvoice('FORGED', 'GD1', 'BJ1'), 1, 'cross-province');
    truth.finding(perInvoice('UNCLAIMED', 'GD1', 'BJ1'), 0, 'informational');
    truth.finding({ ...perInvoice('FORGED', 'GD1', 'GD2'), invoiceNumber: '2' }, 1, 'same province');
    truth.finding({ ...perInvoice('FORGED', 'XX', 'BJ1'), invoiceNumber: '3' }, 1, 'unregistered seller');
    const per = { invoiceCode: null, invoiceNumber: null, sellerTaxId: 'GD1', buyerTaxId: null };
    truth.finding({ category: 'UNDER_DECLARED', ...per }, 5_000, 'per taxpayer');
    const result = truth.result();
    expect(result.assistRequests).toEqual([
      {
        identity: 'FORGED|4401171233|00000001|GD1|BJ1',
        fromBureauCode: '11101010000',
        toBureauCode: '14401060000',
      },
    ]);
    expect(result.assistRequestCount).toBe(1);
  });

  it('refuses a finding declared twice (the audit collapses them: the plan must not double them)', () => {
    const truth = new TruthRecorder('2017-09', '10.00', bureaus, true);
    truth.finding(perInvoice('FORGED', 'GD1', 'GD2'), 1, 'first');
    expect(() => truth.finding(perInvoice('FORGED', 'GD1', 'GD2'), 1, 'second')).toThrow(/declared twice/);
  });

  it('keeps counts only, when not recording', () => {
    const truth = new TruthRecorder('2017-09', '10.00', bureaus, false);
    truth.finding(perInvoice('FORGED', 'GD1', 'BJ1'), 1, 'a');
    truth.matched(3);
    expect(truth.result()).toMatchObject({
      counts: { FORGED: 1, MATCHED: 3 },
      findings: null,
      assistRequests: null,
      assistRequestCount: 1,
    });
  });
});
