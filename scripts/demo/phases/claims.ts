import {
  addClaim,
  claimOf,
  expectFinding,
  ofFate,
  sleep,
  warnUnexpected,
  type ClaimItem,
  type ClaimsByBuyer,
  type ClaimsResponse,
  type DemoContext,
  type Issued,
} from '../demo-context';
import { mapPool } from '../http-client';
import { formatCents, parseCents } from '../money';
import { offlineAsIssued, type SealedOfflineCopy } from './offline';

const scaled = (money: string, factor: number) => formatCents(parseCents(money) * factor);

export async function claimInputs(
  ctx: DemoContext,
  issueDate: string,
  offlineCopies: SealedOfflineCopy[],
): Promise<void> {
  const { plan, issued } = ctx;
  const tp = plan.taxpayers;
  const roundOne: ClaimsByBuyer = new Map();
  const add = (buyer: number, item: ClaimItem, expectStatus: string) =>
    addClaim(roundOne, buyer, item, expectStatus);
  const expect = (inv: Issued, category: string, how: string) => expectFinding(ctx, inv, category, how);
  for (const inv of plan.invoices) {
    const i = issued[inv.index];
    switch (inv.fate) {
      case 'claim':
      case 'credit-partial':
      case 'credit-full-claimed':
      case 'duplicate':
      case 'fake-seal':
        add(inv.buyer, claimOf(i), 'accepted');
        break;
      case 'void-claimed':
        add(inv.buyer, claimOf(i), 'INVOICE_VOIDED');
        expect(i, 'VOID_CLAIMED', 'voided by the seller, then claimed');
        break;
      case 'mismatch':
        add(inv.buyer, { ...claimOf(i, false), amount: formatCents(parseCents(i.amount) - 100) }, 'accepted');
        expect(i, 'FIELD_MISMATCH', 'claimed 1.00 below the invoiced amount');
        break;
      case 'overstated':
        add(
          inv.buyer,
          { ...claimOf(i, false), amount: scaled(i.amount, 5), taxAmount: scaled(i.taxAmount, 5) },
          'accepted',
        );
        expect(i, 'OVERSTATED_CLAIM', '大头小尾: claimed five times amount and tax');
        break;
      case 'unclaimed':
        expect(i, 'UNCLAIMED', 'special invoice nobody claims');
        break;
      case 'bulk': // claimed by file: uploadBulkClaims
      case 'void': // voided and left alone
      case 'ordinary': // nothing to claim
        break;
    }
  }
  for (const s of offlineCopies) {
    const asIssued = offlineAsIssued(s.sealed, tp[s.copy.seller].taxId, tp[s.copy.buyer].taxId);
    // The revoked device's copies are claimed without the seal (a seal check after the
    // revocation would refuse them); the copies themselves are flagged.
    add(s.copy.buyer, claimOf(asIssued, s.copy.fate !== 'revoked-before'), 'accepted');
    if (s.copy.fate === 'copy-missing')
      expect(asIssued, 'MISSING_SELLER_COPY', 'offline invoice never uploaded by its seller');
    if (s.copy.fate === 'revoked-before')
      expect(asIssued, 'REVOKED_SEAL', 'sealed on the day its device was revoked');
  }
  for (const p of plan.phantomClaims) {
    const item: ClaimItem = {
      invoiceCode: p.invoiceCode,
      invoiceNumber: p.invoiceNumber,
      issueDate,
      sellerTaxId: tp[p.seller].taxId,
      amount: formatCents(p.amountCents),
      taxAmount: formatCents(p.taxCents),
    };
    add(p.buyer, item, 'accepted');
    ctx.ledger.expect({
      category: p.kind === 'missing-allocated' ? 'MISSING_SELLER_COPY' : 'FORGED',
      period: ctx.period,
      invoiceCode: p.invoiceCode,
      invoiceNumber: p.invoiceNumber,
      sellerTaxId: item.sellerTaxId,
      buyerTaxId: tp[p.buyer].taxId,
      how:
        p.kind === 'missing-allocated'
          ? 'claim of an allocated number never issued'
          : 'claim of a number never allocated to the seller',
    });
  }
  const claimed = await postClaims(ctx, ctx.period, roundOne, 'r1');
  ctx.step(`round one: ${claimed} claims from ${roundOne.size} buyers (POST /v1/claims, seals verified)`);
}

/** The bulk upload: one buyer sends its claims as CSV, one row twice. */
export async function uploadBulkClaims(ctx: DemoContext): Promise<void> {
  const { plan, collection, period } = ctx;
  if (plan.bulkBuyer === null) return;
  const rows = plan.invoices.filter((i) => i.fate === 'bulk').map((i) => ctx.issued[i.index]);
  const line = (i: Issued) =>
    [
      i.invoiceCode,
      i.invoiceNumber,
      i.issueDate,
      i.sellerTaxId,
      i.amount,
      i.taxAmount,
      i.seal.signature,
      i.seal.contentHash,
    ].join(',');
  const csv = [
    'invoice_code,invoice_number,issue_date,seller_tax_id,amount,tax_amount,signature,content_hash',
    ...rows.map(line),
    line(rows[0]),
  ].join('\n');
  expectFinding(ctx, rows[0], 'DUPLICATE_CLAIM', 'the same row twice in a bulk claims file');
  const up = await collection.post<{ uploadId: string }>(`/v1/uploads?kind=claims&period=${period}`, {
    token: ctx.apiKeys[plan.bulkBuyer],
    raw: `${csv}\n`,
    contentType: 'text/csv',
    idempotencyKey: `${plan.tag}-upload`,
  });
  const deadline = Date.now() + 120_000;
  let status: {
    status: string;
    rowsTotal: number;
    rowsAccepted: number;
    rowsRejected: number;
    error: string | null;
  };
  for (;;) {
    status = (
      await collection.get<typeof status>(`/v1/uploads/${up.body.uploadId}`, {
        token: ctx.apiKeys[plan.bulkBuyer],
      })
    ).body;
    if (status.status === 'completed' || status.status === 'failed') break;
    if (Date.now() > deadline) throw new Error(`upload ${up.body.uploadId} not processed within 120 s`);
    await sleep(250);
  }
  if (status.status !== 'completed' || status.rowsAccepted !== rows.length || status.rowsRejected !== 1) {
    ctx.notes.push(
      `bulk upload ${up.body.uploadId}: ${JSON.stringify(status)} (expected ${rows.length} accepted, 1 rejected)`,
    );
  }
  ctx.step(
    `bulk upload ${up.body.uploadId} (POST /v1/uploads?kind=claims): ${status.status}, ` +
      `${status.rowsAccepted} accepted, ${status.rowsRejected} rejected of ${status.rowsTotal} rows`,
  );
}

/** Round two's claims of online invoices: second claims, and inflated ones under forged seals. */
export function claimAgain(ctx: DemoContext): ClaimsByBuyer {
  const { plan, issued } = ctx;
  const roundTwo: ClaimsByBuyer = new Map();
  for (const inv of ofFate(ctx, 'duplicate')) {
    addClaim(roundTwo, inv.buyer, claimOf(issued[inv.index]), 'ALREADY_CLAIMED');
    expectFinding(ctx, issued[inv.index], 'DUPLICATE_CLAIM', 'claimed a second time');
  }
  for (const inv of ofFate(ctx, 'fake-seal')) {
    const i = issued[inv.index];
    const fake = Buffer.from(`${plan.tag}:${i.invoiceCode}${i.invoiceNumber}`.padEnd(256, '#')).toString(
      'base64',
    );
    addClaim(
      roundTwo,
      inv.buyer,
      {
        ...claimOf(i),
        amount: scaled(i.amount, 3),
        taxAmount: scaled(i.taxAmount, 3),
        seal: { signature: fake, contentHash: i.seal.contentHash },
      },
      'SEAL_MISMATCH',
    );
    expectFinding(ctx, i, 'FORGED', 'claimed again, inflated, under a made-up seal');
  }
  return roundTwo;
}

export async function postRoundTwo(ctx: DemoContext, roundTwo: ClaimsByBuyer): Promise<void> {
  const claimed = await postClaims(ctx, ctx.period, roundTwo, 'r2');
  ctx.step(
    `round two: ${claimed} claims (second claims, forged seals, revoked seals); ${ofFate(ctx, 'credit-full-claimed').length} claimed invoices fully credited`,
  );
}

/** Posts each buyer's claims in batches of at most 1000; returns how many claims were posted. */
export async function postClaims(
  ctx: DemoContext,
  period: string,
  byBuyer: ClaimsByBuyer,
  round: string,
): Promise<number> {
  const { plan } = ctx;
  const batches: { buyer: number; part: number; items: { item: ClaimItem; expect: string }[] }[] = [];
  for (const [buyer, items] of byBuyer) {
    for (let k = 0; k < items.length; k += 1000)
      batches.push({ buyer, part: k / 1000, items: items.slice(k, k + 1000) });
  }
  await mapPool(batches, ctx.concurrency, async (b) => {
    const res = await ctx.collection.post<ClaimsResponse>('/v1/claims', {
      token: ctx.apiKeys[b.buyer],
      idempotencyKey: `${plan.tag}-claims-${round}-${b.buyer}-${b.part}`,
      body: { period, invoices: b.items.map((i) => i.item) },
    });
    warnUnexpected(
      res.body,
      b.items.map((i) => i.expect),
      `claims of ${plan.taxpayers[b.buyer].taxId}`,
      ctx.notes,
    );
  });
  return batches.reduce((n, b) => n + b.items.length, 0);
}
