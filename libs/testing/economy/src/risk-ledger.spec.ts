import { calendarOf } from './economy-calendar';
import type { ClaimRow, OnlineInvoiceRow, SaleFields, SellerCopyRow } from './economy-rows';
import type { EconomyTaxpayer } from './economy-taxpayers';
import { industryProfile } from './goods-catalogue';
import { RiskLedger } from './risk-ledger';
import { claimOf, offlineCopyOf, onlineInvoiceOf } from './sale-rows';

const calendar = calendarOf('2017-09');
const taxpayer = (taxId: string, industry: string, registeredOn = '2010-01-01'): EconomyTaxpayer => ({
  index: 0,
  taxId,
  name: taxId,
  bureauCode: '14401060000',
  province: '44',
  region: '4401',
  returnProfile: 'honest',
  industry,
  goods: industryProfile(industry.length > 1 ? industry : 'F5211'),
  registeredAt: `${registeredOn} 09:00:00+08`,
  registeredOn,
  trader: null,
  numbers: {},
});
let number = 0;
/** A sale of `amount` cents on a ¥10,000 code (version 1), with lines in `chapters` (one each). */
const sale = (
  seller: string,
  buyer: string,
  amount: number,
  opts: Partial<SaleFields> & { chapters?: string[] } = {},
) => {
  const chapters = opts.chapters ?? ['10802'];
  const each = Math.floor(amount / chapters.length);
  const lines = chapters.map((c, i) => {
    const a = i === chapters.length - 1 ? amount - each * i : each;
    return { taxCode: `${c}01010000000000`, description: c, amount: a, tax: Math.round(a * 0.17) };
  });
  const fields: SaleFields = {
    invoiceCode: '4401171231',
    invoiceNumber: String(++number).padStart(8, '0'),
    type: 'special',
    sellerTaxId: seller,
    buyerTaxId: buyer,
    issueDate: '2017-09-10',
    amount,
    tax: lines.reduce((t, l) => t + l.tax, 0),
    rate: 1700,
    certificateSerial: 'D',
    lines,
    ...opts,
  };
  return fields;
};
const online = (s: SaleFields, o: Partial<OnlineInvoiceRow> = {}) => ({
  ...onlineInvoiceOf(s, { seller: '', buyer: '' }, `${s.issueDate} 10:00:00+08`),
  ...o,
});
const offline = (s: SaleFields, o: Partial<SellerCopyRow> = {}) => ({
  ...offlineCopyOf(s, `${s.issueDate} 20:00:00+08`),
  ...o,
});
const claim = (s: SaleFields, o: Partial<ClaimRow> = {}) => ({
  ...claimOf(s, s.buyerTaxId, '2017-09', '2017-09-30 16:00:00+08'),
  ...o,
});

function ledgerOf(taxpayers: EconomyTaxpayer[], allocated = 0) {
  return new RiskLedger(calendar, taxpayers, () => allocated);
}
const found = (ledger: RiskLedger, input: (taxId: string) => number = () => 0) =>
  ledger
    .findings(input)
    .map(
      (f) => `${f.parts.category} ${f.parts.sellerTaxId ?? ''}>${f.parts.buyerTaxId ?? ''} ${f.taxAtRisk}`,
    );

describe('RiskLedger: the five rules over the rows', () => {
  it('顶额开具: ten edge invoices from exactly 95 % of the cap, 60 % of the blue, voided ones not', () => {
    const ledger = ledgerOf([taxpayer('S', 'C3130')]);
    const edge = [950_000, ...Array.from({ length: 9 }, () => 999_999)].map((a) => sale('S', 'B', a));
    edge.forEach((s) => ledger.offline(offline(s)));
    for (let i = 0; i < 6; i++) ledger.online(online(sale('S', 'B', 949_999)));
    ledger.online(online(sale('S', 'B', 990_000), { voided: { at: '2017-09-10 18:00:00+08', late: false } }));
    ledger.online({ ...online(sale('S', 'B', -10_000)), original: { invoiceCode: '1', invoiceNumber: '1' } });
    expect(found(ledger)).toEqual([`CAP_EDGE_ISSUANCE S> ${edge.reduce((t, s) => t + s.tax, 0)}`]);
    ledger.offline(offline(sale('S', 'B', 100)));
    expect(found(ledger)).toEqual([]);
  });

  it('新办企业: under 90 days on the Beijing calendar, above the amount or at 80 % of its numbers', () => {
    const young = taxpayer('Y', 'C3130', '2017-07-03');
    const old = taxpayer('O', 'C3130', '2017-07-02');
    const ledger = ledgerOf([young, old], 10);
    const amount = 500_000_001;
    ledger.offline(offline(sale('Y', 'B', amount, { invoiceCode: '4401171233' })));
    ledger.offline(offline(sale('O', 'B', amount, { invoiceCode: '4401171233' })));
    expect(found(ledger)).toEqual([`NEW_ENTITY_BURST Y> ${Math.round(amount * 0.17)}`]);

    const numbers = ledgerOf([young], 10);
    for (let i = 0; i < 7; i++) numbers.offline(offline(sale('Y', 'B', 1_000, { type: 'ordinary' })));
    expect(found(numbers)).toEqual([]);
    numbers.online(online(sale('Y', 'B', 1_000), { voided: { at: '2017-09-10 18:00:00+08', late: false } }));
    expect(found(numbers)).toEqual(['NEW_ENTITY_BURST Y> 0']);
  });

  it('进销背离: wholesale only, judged up to half unknown, purchases looked back two periods', () => {
    const ledger = ledgerOf([taxpayer('F', 'F5164'), taxpayer('C', 'C2682'), taxpayer('G', 'F')]);
    for (const seller of ['F', 'C', 'G'])
      ledger.online(online(sale(seller, 'X', 100_000_000, { chapters: ['10707'] })));
    ledger.online(online(sale('M', 'F', 30_000_000, { chapters: ['10802'], issueDate: '2017-07-31' })));
    ledger.offline(offline(sale('M', 'F', 30_000_000, { chapters: ['10707'] })));
    // G bought cosmetics three periods back: beyond the lookback, so as if nothing.
    ledger.online(online(sale('M', 'G', 30_000_000, { chapters: ['10707'], issueDate: '2017-06-30' })));
    const tax = Math.round(100_000_000 * 0.17);
    expect(found(ledger).sort()).toEqual([`GOODS_DIVERGENCE F> ${tax}`, `GOODS_DIVERGENCE G> ${tax}`]);
    ledger.offline(offline(sale('M', 'F', 1, { chapters: ['10707'] })));
    expect(found(ledger)).toEqual([`GOODS_DIVERGENCE G> ${tax}`]);
  });

  it('走逃: a claim of the period, the seller first set abnormal within 180 Beijing days of the issue', () => {
    const ledger = ledgerOf([]);
    ledger.statusChanges([
      {
        taxId: 'R',
        fromStatus: 'normal',
        toStatus: 'abnormal',
        reason: '',
        changedAt: '2018-03-09 00:30:00+08',
      },
      {
        taxId: 'R',
        fromStatus: 'abnormal',
        toStatus: 'normal',
        reason: '',
        changedAt: '2018-04-01 10:00:00+08',
      },
      {
        taxId: 'R',
        fromStatus: 'normal',
        toStatus: 'abnormal',
        reason: '',
        changedAt: '2018-05-01 10:00:00+08',
      },
    ]);
    const day180 = sale('R', 'B', 100_000, { issueDate: '2017-09-10' });
    const day181 = sale('R', 'B', 100_000, { issueDate: '2017-09-09' });
    for (const s of [day180, day181]) ledger.claim(claim(s), s);
    ledger.claim(claim(day180, { period: '2017-10' }), day180);
    ledger.claim(claim(day180, { buyerTaxId: 'C', status: 'rejected', reasonCode: 'SEAL_MISMATCH' }), day180);
    expect(found(ledger)).toEqual([`ABSCONDED_SELLER_INPUT R>B ${day180.tax}`]);
  });

  it('异常凭证占比: at least 70 % of the accepted input and more than ¥50,000, once per invoice', () => {
    const ledger = ledgerOf([]);
    const parts = (n: string, category: 'FORGED' | 'REVOKED_SEAL' | 'FIELD_MISMATCH', buyer = 'B') => ({
      category,
      invoiceCode: '4401171231',
      invoiceNumber: n,
      sellerTaxId: 'S',
      buyerTaxId: buyer,
    });
    ledger.finding(parts('1', 'FORGED'), 4_000_000, true);
    ledger.finding(parts('2', 'REVOKED_SEAL'), 3_000_000, true);
    ledger.finding(parts('2', 'FORGED'), 3_000_000, true);
    ledger.finding(parts('3', 'FORGED'), 9_000_000, false);
    ledger.finding(parts('4', 'FIELD_MISMATCH'), 9_000_000, true);
    expect(found(ledger, () => 10_000_000)).toEqual(['ABNORMAL_INPUT_SHARE >B 7000000']);
    expect(found(ledger, () => 10_000_001)).toEqual([]);
    ledger.finding(parts('5', 'FORGED', 'D'), 5_000_000, true);
    expect(found(ledger, () => 5_000_000)).toEqual(['ABNORMAL_INPUT_SHARE >B 7000000']);
  });
});
