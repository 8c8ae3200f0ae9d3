import { periodOf } from '@app/domain';
import { expectFinding, ofFate, type DemoContext, type Issued } from '../demo-context';
import { mapPool } from '../http-client';
import { formatCents, parseCents } from '../money';

/** Returns the issue date of the trade (today, in the demo period). */
export async function issueTrade(ctx: DemoContext): Promise<string> {
  const { plan, issued } = ctx;
  const tp = plan.taxpayers;
  let lastShown = 0;
  await mapPool(
    plan.invoices,
    ctx.concurrency,
    async (inv) => {
      const buyer = tp[inv.buyer];
      const res = await ctx.issuance.post<Issued>('/v1/invoices', {
        token: ctx.apiKeys[inv.seller],
        idempotencyKey: `${plan.tag}-invoice-${inv.index}`,
        body: {
          type: inv.type,
          buyerTaxId: buyer.taxId,
          buyerName: buyer.name,
          lines: inv.lines.map((l) => ({
            description: l.description,
            taxCode: l.taxCode,
            amount: formatCents(l.amountCents),
            taxRate: l.taxRate,
          })),
        },
      });
      issued[inv.index] = res.body;
    },
    (done) => {
      if (done - lastShown >= 500 || done === plan.invoices.length) {
        lastShown = done;
        ctx.step(`issued ${done}/${plan.invoices.length} invoices`);
      }
    },
  );
  const by = (p: string) => plan.invoices.filter((i) => i.purpose === p).length;
  const trade = by('trade');
  const restock = by('restock');
  ctx.step(
    `${trade} invoices of the trade (lines with tax classification codes), ${restock} restocking purchases ` +
      `of traders, ${plan.invoices.length - trade - restock} of risk patterns and near misses`,
  );
  const issueDate = issued[0].issueDate;
  if (periodOf(issueDate) !== ctx.period)
    throw new Error(`invoices dated ${issueDate}, outside the demo period ${ctx.period}`);
  return issueDate;
}

export async function correctInvoices(ctx: DemoContext): Promise<void> {
  const { plan, issued, apiKeys } = ctx;
  await mapPool(ofFate(ctx, 'void', 'void-claimed'), ctx.concurrency, (inv) =>
    ctx.issuance.post(
      `/v1/invoices/${issued[inv.index].invoiceCode}/${issued[inv.index].invoiceNumber}/void`,
      {
        token: apiKeys[inv.seller],
        idempotencyKey: `${plan.tag}-void-${inv.index}`,
        body: { reason: '开票信息有误，作废重开' },
      },
    ),
  );
  await mapPool(ofFate(ctx, 'credit-partial'), ctx.concurrency, (inv) => {
    const first = issued[inv.index].lines[0];
    const half = Math.max(1, Math.floor(parseCents(first.amount) / 2));
    return ctx.issuance.post(
      `/v1/invoices/${issued[inv.index].invoiceCode}/${issued[inv.index].invoiceNumber}/credit-notes`,
      {
        token: apiKeys[inv.seller],
        idempotencyKey: `${plan.tag}-credit-${inv.index}`,
        body: {
          reason: '部分销货退回',
          lines: [
            {
              description: first.description,
              taxCode: first.taxCode,
              amount: formatCents(-half),
              taxRate: first.taxRate,
            },
          ],
        },
      },
    );
  });
  ctx.step(
    `${ofFate(ctx, 'void', 'void-claimed').length} invoices voided, ${ofFate(ctx, 'credit-partial').length} partly credited`,
  );
}

export async function creditClaimedInvoices(ctx: DemoContext): Promise<void> {
  const { plan, issued } = ctx;
  await mapPool(ofFate(ctx, 'credit-full-claimed'), ctx.concurrency, (inv) => {
    const i = issued[inv.index];
    expectFinding(ctx, i, 'VOID_CLAIMED', 'claimed, then fully credited (red-letter)');
    return ctx.issuance.post(`/v1/invoices/${i.invoiceCode}/${i.invoiceNumber}/credit-notes`, {
      token: ctx.apiKeys[inv.seller],
      idempotencyKey: `${plan.tag}-credit-${inv.index}`,
      body: {
        reason: '全额销货退回',
        lines: i.lines.map((l) => ({
          description: l.description,
          taxCode: l.taxCode,
          amount: formatCents(-parseCents(l.amount)),
          taxRate: l.taxRate,
        })),
      },
    });
  });
}
