import { SeededRandom } from '@app/economy';
import type {
  InvoiceFate,
  OfflineFate,
  PlannedInvoice,
  PlannedOfflineCopy,
  PlannedPhantomClaim,
  PlannedReturn,
  PlannedTaxpayer,
  PlannedUnderDeclaration,
} from './plan';
import { share, type PlannedRanges } from './registry-plan';

/**
 * The cross-audit's faults in the demo economy: the fates dealt to the trade's special
 * invoices, the offline sellers' copies, claims of invoices nobody issued, and the returns
 * of the previous period.
 */

/**
 * A shuffled deal of every fault over the trade's special invoices, the rest claimed. A
 * 大头小尾 claim (five times the amount) must stay under the invoice's cap, or it would be a
 * forgery (an amount no invoice of that code can have): none on amount version 2.
 */
export function dealFates(
  seed: string,
  trade: readonly PlannedInvoice[],
  taxpayers: readonly PlannedTaxpayer[],
): void {
  const specials = SeededRandom.of(seed, 'fates').shuffle(trade.filter((i) => i.type === 'special'));
  const deal: [InvoiceFate, number][] = [
    ['unclaimed', 0.03],
    ['void', 0.015],
    ['void-claimed', 0.01],
    ['credit-partial', 0.015],
    ['credit-full-claimed', 0.01],
    ['mismatch', 0.015],
    ['overstated', 0.015],
    ['duplicate', 0.01],
    ['fake-seal', 0.01],
  ];
  for (const [fate, rate] of deal) {
    const eligible = specials.filter(
      (i) => i.fate === 'claim' && (fate !== 'overstated' || taxpayers[i.seller].maxAmountVersion !== 2),
    );
    for (const inv of eligible.slice(0, share(specials.length, rate))) inv.fate = fate;
  }
}

/** The buyer with the most plainly claimed invoices sends them as a CSV file (fate `bulk`). */
export function chooseBulkBuyer(trade: readonly PlannedInvoice[]): number | null {
  const plainByBuyer = new Map<number, number>();
  for (const inv of trade)
    if (inv.fate === 'claim') plainByBuyer.set(inv.buyer, (plainByBuyer.get(inv.buyer) ?? 0) + 1);
  let bulkBuyer: number | null = null;
  for (const [buyer, count] of plainByBuyer) {
    if (
      bulkBuyer === null ||
      count > plainByBuyer.get(bulkBuyer)! ||
      (count === plainByBuyer.get(bulkBuyer) && buyer < bulkBuyer)
    ) {
      bulkBuyer = buyer;
    }
  }
  for (const inv of trade) if (inv.fate === 'claim' && inv.buyer === bulkBuyer) inv.fate = 'bulk';
  return bulkBuyer;
}

/** Offline copies: the first offline seller's device is revoked mid-demo. */
export function planOfflineCopies(
  seed: string,
  offline: readonly PlannedTaxpayer[],
  buyers: readonly PlannedTaxpayer[],
): PlannedOfflineCopy[] {
  const offlineRng = SeededRandom.of(seed, 'offline');
  const offlineCopies: PlannedOfflineCopy[] = [];
  offline.forEach((seller, k) => {
    const fates: OfflineFate[] =
      k === 0
        ? ['revoked-before', 'revoked-before', 'revoked-after', 'revoked-after']
        : k === 1
          ? ['copy-claimed', 'copy-claimed', 'copy-claimed', 'copy-missing']
          : ['copy-claimed', 'copy-claimed', 'copy-claimed'];
    fates.forEach((fate, offset) => {
      let buyer = offlineRng.pick(buyers);
      while (buyer.index === seller.index) buyer = offlineRng.pick(buyers);
      const goods = offlineRng.pick(seller.profile.sells);
      offlineCopies.push({
        index: offlineCopies.length,
        seller: seller.index,
        buyer: buyer.index,
        offset,
        amountCents: offlineRng.int(500_00, 50_000_00),
        taxRate: goods.taxRate,
        fate,
      });
    });
  });
  return offlineCopies;
}

/**
 * Claims of invoices nobody issued: an allocated number never used (缺联) and a number
 * never allocated (假票). Each by a buyer of its own (two at most when buyers are few): no
 * buyer's forged input comes near ABNORMAL_INPUT_SHARE's ¥50,000 (one is ¥11,700 at most).
 */
export function planPhantomClaims(
  seed: string,
  invoices: number,
  parties: Pick<PlannedRanges, 'rangeOf' | 'forgedZone'> & {
    tradeSellers: readonly PlannedTaxpayer[];
    tradeBuyers: readonly PlannedTaxpayer[];
  },
): PlannedPhantomClaim[] {
  const { rangeOf, forgedZone, tradeSellers, tradeBuyers } = parties;
  const phantomRng = SeededRandom.of(seed, 'phantoms');
  const phantomClaims: PlannedPhantomClaim[] = [];
  const phantomCount = Math.min(share(invoices, 0.005), Math.floor(tradeBuyers.length / 2));
  const phantomBuyers = phantomRng.shuffle(tradeBuyers);
  for (const kind of ['missing-allocated', 'forged-unallocated'] as const) {
    for (let k = 0; k < phantomCount; k++) {
      const seller = phantomRng.pick(tradeSellers.filter((t) => t.kind === 'general'));
      let buyer = phantomBuyers[phantomClaims.length % phantomBuyers.length];
      if (buyer.index === seller.index)
        buyer = phantomBuyers[(phantomClaims.length + 1) % phantomBuyers.length];
      let invoiceCode: string;
      let number: number;
      if (kind === 'missing-allocated') {
        const range = rangeOf.get(seller.index)!;
        invoiceCode = range.invoiceCode;
        number = range.end - k;
      } else {
        const zone = forgedZone.get(seller.region)!;
        invoiceCode = zone.invoiceCode;
        number = zone.next++;
      }
      const amountCents = phantomRng.int(5_000_00, 90_000_00);
      phantomClaims.push({
        index: phantomClaims.length,
        kind,
        seller: seller.index,
        buyer: buyer.index,
        invoiceCode,
        invoiceNumber: String(number).padStart(8, '0'),
        amountCents,
        taxCents: Math.round(amountCents * 0.13),
      });
    }
  }
  return phantomClaims;
}

/**
 * Returns of the previous period: every taxpayer files; a few declare input tax they
 * never claimed. And the under-declarers, who would invoice in that period (days 1–15).
 */
export function planReturns(
  seed: string,
  parties: {
    taxpayers: readonly PlannedTaxpayer[];
    general: readonly PlannedTaxpayer[];
    tradeSellers: readonly PlannedTaxpayer[];
    bulkBuyer: number | null;
  },
): { returns: PlannedReturn[]; underDeclarations: PlannedUnderDeclaration[] } {
  const { taxpayers, general, tradeSellers, bulkBuyer } = parties;
  const returnRng = SeededRandom.of(seed, 'returns');
  const overclaimers = new Set(
    returnRng
      .shuffle(general.filter((t) => t.index !== bulkBuyer))
      .slice(0, share(taxpayers.length, 0.02))
      .map((t) => t.index),
  );
  const returns: PlannedReturn[] = taxpayers.map((t) => ({
    taxpayer: t.index,
    inputTaxCents: overclaimers.has(t.index) ? returnRng.int(1_000_00, 80_000_00) : 0,
  }));

  const underRng = SeededRandom.of(seed, 'under-declared');
  const underSellers = underRng
    .shuffle(tradeSellers.filter((t) => t.kind === 'general' && !overclaimers.has(t.index)))
    .slice(0, share(taxpayers.length, 0.02));
  const underDeclarations: PlannedUnderDeclaration[] = underSellers.map((seller) => {
    // Its buyer files a zero return (claimed input tax above the declared is no finding).
    const buyers = general.filter((t) => t.index !== seller.index && !overclaimers.has(t.index));
    const buyer = underRng.pick(buyers);
    const amountCents = underRng.int(20_000_00, 90_000_00);
    return {
      seller: seller.index,
      buyer: buyer.index,
      amountCents,
      taxRate: '0.13',
      declaredTaxCents: Math.floor(Math.round(amountCents * 0.13) / 2),
    };
  });
  return { returns, underDeclarations };
}
