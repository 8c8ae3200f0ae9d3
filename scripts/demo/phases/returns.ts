import { isPeriodOpenForIssuance, periodEnd } from '@app/domain';
import { addClaim, claimOf, type ClaimsByBuyer, type DemoContext, type Issued } from '../demo-context';
import { mapPool } from '../http-client';
import { formatCents } from '../money';
import { postClaims } from './claims';

export type DeclaredOutput = Map<number, { sales: number; tax: number }>;

/**
 * While the returns period is still open for issuance (days 1–15), some sellers invoice in
 * it, to declare half of the output tax (UNDER_DECLARED). Returns the output they will declare.
 */
export async function invoiceReturnsPeriod(ctx: DemoContext): Promise<DeclaredOutput> {
  const { plan, returnsPeriod } = ctx;
  const tp = plan.taxpayers;
  const declaredOutput: DeclaredOutput = new Map();
  if (!isPeriodOpenForIssuance(returnsPeriod, ctx.today)) {
    ctx.notes.push(
      `UNDER_DECLARED needs special invoices in a period whose return can already be filed. Returns are taken only ` +
        `for ended periods, and invoices only in the current period (or the previous one until day 15); offline seals ` +
        `only from the device's enrollment on. So on day ${Number(ctx.today.slice(8))} of the month the APIs give no way ` +
        `to make one, and the demo expects none; on days 1–15 it injects ${plan.underDeclarations.length}.`,
    );
    return declaredOutput;
  }
  const lastDay = periodEnd(returnsPeriod);
  const late: ClaimsByBuyer = new Map();
  await mapPool(plan.underDeclarations, ctx.concurrency, async (u) => {
    const buyer = tp[u.buyer];
    const inv = (
      await ctx.issuance.post<Issued>('/v1/invoices', {
        token: ctx.apiKeys[u.seller],
        idempotencyKey: `${plan.tag}-under-${u.seller}`,
        body: {
          type: 'special',
          buyerTaxId: buyer.taxId,
          buyerName: buyer.name,
          issueDate: lastDay,
          lines: [{ description: '上月销售货物', amount: formatCents(u.amountCents), taxRate: u.taxRate }],
        },
      })
    ).body;
    // Claimed in its own period, without the seal: the device certificate is younger than the invoice.
    addClaim(late, u.buyer, claimOf(inv, false), 'accepted');
    declaredOutput.set(u.seller, { sales: u.amountCents, tax: u.declaredTaxCents });
    ctx.ledger.expect({
      category: 'UNDER_DECLARED',
      period: returnsPeriod,
      invoiceCode: null,
      invoiceNumber: null,
      sellerTaxId: inv.sellerTaxId,
      buyerTaxId: null,
      how: 'invoiced in the period, declared half the output tax',
    });
  });
  await postClaims(ctx, returnsPeriod, late, 'late');
  ctx.step(
    `${plan.underDeclarations.length} sellers invoiced in ${returnsPeriod} (still open until day 15) and will under-declare`,
  );
  return declaredOutput;
}

export async function fileReturns(ctx: DemoContext, declaredOutput: DeclaredOutput): Promise<void> {
  const { plan, returnsPeriod } = ctx;
  await mapPool(plan.returns, ctx.concurrency, (r) => {
    const t = plan.taxpayers[r.taxpayer];
    if (r.inputTaxCents > 0) {
      ctx.ledger.expect({
        category: 'INPUT_OVERCLAIMED',
        period: returnsPeriod,
        invoiceCode: null,
        invoiceNumber: null,
        sellerTaxId: null,
        buyerTaxId: t.taxId,
        how: 'declared input tax with no authenticated claim',
      });
    }
    const output = declaredOutput.get(r.taxpayer) ?? { sales: 0, tax: 0 };
    return ctx.collection.post('/v1/returns', {
      token: ctx.apiKeys[r.taxpayer],
      idempotencyKey: `${plan.tag}-return-${returnsPeriod}`,
      body: {
        period: returnsPeriod,
        specialSales: formatCents(output.sales),
        specialOutputTax: formatCents(output.tax),
        otherSales: '0.00',
        otherOutputTax: '0.00',
        inputTax: formatCents(r.inputTaxCents),
      },
    });
  });
  ctx.step(`${plan.returns.length} VAT returns filed for ${returnsPeriod} (POST /v1/returns)`);
}
