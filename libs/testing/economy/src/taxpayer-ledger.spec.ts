import type { ClaimRow, OnlineInvoiceRow, SaleFields, SellerCopyRow } from './economy-rows';
import { claimOf, offlineCopyOf, onlineInvoiceOf } from './sale-rows';
import { TaxpayerLedger } from './taxpayer-ledger';

const sale = (overrides: Partial<SaleFields> = {}): SaleFields => ({
  invoiceCode: '4401171233',
  invoiceNumber: '00000001',
  type: 'special',
  sellerTaxId: 'S',
  buyerTaxId: 'B',
  issueDate: '2017-09-10',
  amount: 10_000,
  tax: 1_700,
  rate: 1700,
  certificateSerial: 'D',
  lines: [],
  ...overrides,
});
const online = (s: SaleFields, o: Partial<OnlineInvoiceRow> = {}): OnlineInvoiceRow => ({
  ...onlineInvoiceOf(s, { seller: 's', buyer: 'b' }, '2017-09-10 10:00:00+08'),
  ...o,
});
const offline = (s: SaleFields, o: Partial<SellerCopyRow> = {}): SellerCopyRow => ({
  ...offlineCopyOf(s, '2017-09-10 20:00:00+08'),
  ...o,
});
const claim = (s: SaleFields, o: Partial<ClaimRow> = {}): ClaimRow => ({
  ...claimOf(s, 'B', '2017-09', '2017-09-30 16:00:00+08'),
  ...o,
});

describe('TaxpayerLedger (what 票表比对 compares a return with)', () => {
  it("adds the seller's special output tax of the period, credit notes included", () => {
    const ledger = new TaxpayerLedger('2017-09');
    ledger.offline(offline(sale()));
    ledger.online(online(sale({ tax: 300, amount: 5_000 })));
    ledger.online(
      online(sale({ tax: -100, amount: -1_000 }), { original: { invoiceCode: 'x', invoiceNumber: 'y' } }),
    );
    ledger.offline(offline(sale({ type: 'ordinary', tax: 60, amount: 1_000 })));
    expect(ledger.of('S')).toEqual({
      outputTax: 1_900,
      specialSales: 14_000,
      otherSales: 1_000,
      otherOutputTax: 60,
      claimedTax: 0,
    });
  });

  it('leaves out voids, refused copies, other periods and what the run cannot see yet', () => {
    const ledger = new TaxpayerLedger('2017-09');
    ledger.online(online(sale(), { voided: { at: '2017-09-11', late: false } }));
    ledger.offline(offline(sale(), { status: 'rejected', reasonCode: 'SEAL_MISMATCH' }));
    ledger.offline(offline(sale({ issueDate: '2017-08-31' })));
    ledger.offline(offline(sale(), { late: true }));
    expect(ledger.of('S').outputTax).toBe(0);
    // A void recorded after the watermark has not happened yet.
    ledger.online(online(sale(), { voided: { at: '2100-01-01', late: true } }));
    expect(ledger.of('S').outputTax).toBe(1_700);
  });

  it("adds the buyer's claims accepted for the period, and nothing else", () => {
    const ledger = new TaxpayerLedger('2017-09');
    ledger.claim(claim(sale()));
    ledger.claim(claim(sale(), { status: 'rejected', reasonCode: 'ALREADY_CLAIMED' }));
    ledger.claim(claim(sale(), { period: '2017-10' }));
    ledger.claim(claim(sale(), { late: true }));
    expect(ledger.of('B').claimedTax).toBe(1_700);
    expect(ledger.of('nobody').claimedTax).toBe(0);
  });
});
