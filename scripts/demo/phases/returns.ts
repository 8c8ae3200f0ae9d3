import { isPeriodOpenForIssuance, periodEnd } from '@app/domain';
import type { DemoContext } from '../demo-context';
import { mapPool } from '../http-client';
import { formatCents } from '../money';

const NOT_COVERED = 'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE';

/**
 * UNDER_DECLARED needs special invoices in a period whose return can already be filed, an
 * ended one. The demo's sellers were enrolled today, and a certificate seals only from its
 * first day on (the enrollment's earliestIssueDate; ADR 0021): not even into the previous
 * period while it is still open for issuing (days 1–15). So the demo makes no
 * UNDER_DECLARED and expects none; while that period is open, one planned under-declarer
 * tries an invoice in it, to show the refusal (a different answer is noted).
 */
export async function tryInvoicingReturnsPeriod(ctx: DemoContext): Promise<void> {
  const { plan, returnsPeriod } = ctx;
  const [u] = plan.underDeclarations;
  if (u === undefined || !isPeriodOpenForIssuance(returnsPeriod, ctx.today)) {
    ctx.step(`${returnsPeriod} is closed for issuing: no invoices in it, so no UNDER_DECLARED to find`);
    return;
  }
  const buyer = plan.taxpayers[u.buyer];
  const lastDay = periodEnd(returnsPeriod);
  const res = await ctx.issuance.post<{ code?: string }>('/v1/invoices', {
    token: ctx.apiKeys[u.seller],
    idempotencyKey: `${plan.tag}-under-${u.seller}`,
    body: {
      type: 'special',
      buyerTaxId: buyer.taxId,
      buyerName: buyer.name,
      issueDate: lastDay,
      lines: [{ description: '上月销售货物', amount: formatCents(u.amountCents), taxRate: u.taxRate }],
    },
    accept: [201, 422],
  });
  const got = res.status === 201 ? 'issued' : (res.body.code ?? String(res.status));
  if (got !== NOT_COVERED)
    ctx.notes.push(`an invoice dated ${lastDay} by a seller enrolled today: ${got}, expected ${NOT_COVERED}`);
  ctx.step(
    `${returnsPeriod} is open for issuing until day 15, but not to sellers enrolled today: an invoice dated ` +
      `${lastDay} → ${got} (their certificates seal from ${ctx.today}); so no UNDER_DECLARED to find`,
  );
}

export async function fileReturns(ctx: DemoContext): Promise<void> {
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
    return ctx.collection.post('/v1/returns', {
      token: ctx.apiKeys[r.taxpayer],
      idempotencyKey: `${plan.tag}-return-${returnsPeriod}`,
      body: {
        period: returnsPeriod,
        specialSales: '0.00',
        specialOutputTax: '0.00',
        otherSales: '0.00',
        otherOutputTax: '0.00',
        inputTax: formatCents(r.inputTaxCents),
      },
    });
  });
  ctx.step(`${plan.returns.length} VAT returns filed for ${returnsPeriod} (POST /v1/returns)`);
}
