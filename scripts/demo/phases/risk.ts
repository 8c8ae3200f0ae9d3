import { createHash } from 'node:crypto';
import { amountCapOf, DEFAULT_RULE_SET, makeResidentId, parseInvoiceCode } from '@app/domain';
import { expectFinding, type DemoContext, type Issued } from '../demo-context';
import { ringOf } from '@app/trade-graph';
import { chapterOf } from '../goods';
import { formatCents, parseCents } from '../money';
import type { InvoicePurpose, PlannedInvoice } from '../plan';
import { pairSums, ringsAmong } from '../risk-plan';

/**
 * The risk patterns (risk-plan.ts) once issued: the findings they should raise go into the
 * ledger, each checked first against the rule as docs/risk-monitoring.md defines it, on
 * what the system really issued, with the default thresholds (rule set 1). A pattern that
 * misses its rule is the demo's mistake, noted as such, not the audit's.
 */

const RULES = DEFAULT_RULE_SET;
const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
const yuan = (cents: number) => `¥${formatCents(cents).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
const amountOf = (i: Issued) => parseCents(i.amount);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function expectOfTaxpayer(
  ctx: DemoContext,
  category: string,
  side: 'seller' | 'buyer',
  taxpayer: number,
  how: string,
): void {
  const taxId = ctx.plan.taxpayers[taxpayer].taxId;
  ctx.ledger.expect({
    category,
    period: ctx.period,
    invoiceCode: null,
    invoiceNumber: null,
    sellerTaxId: side === 'seller' ? taxId : null,
    buyerTaxId: side === 'buyer' ? taxId : null,
    how,
  });
}

/**
 * Records CAP_EDGE_ISSUANCE, NEW_ENTITY_BURST, GOODS_DIVERGENCE, ABNORMAL_INPUT_SHARE and
 * CIRCULAR_TRADING.
 */
export function expectRiskPatterns(ctx: DemoContext): void {
  const { plan, issued } = ctx;
  const { actors } = plan.risk;
  const of = (...purposes: InvoicePurpose[]) => plan.invoices.filter((i) => purposes.includes(i.purpose));
  const check = (ok: boolean, what: string) => {
    if (!ok) ctx.notes.push(`risk pattern not injected as meant: ${what}`);
  };

  const capEdge = of('cap-edge').map((i) => issued[i.index]);
  const atEdge = capEdge.filter((i) => {
    const cap = amountCapOf(parseInvoiceCode(i.invoiceCode, 'invoiceCode').amountVersion);
    return amountOf(i) >= RULES.capEdge.capFraction * parseCents(cap.toFixed(2));
  });
  const edgeShare = atEdge.length / capEdge.length;
  check(
    atEdge.length >= RULES.capEdge.minInvoices && edgeShare >= RULES.capEdge.minShare,
    `cap edge ${atEdge.length} of ${capEdge.length}`,
  );
  expectOfTaxpayer(
    ctx,
    'CAP_EDGE_ISSUANCE',
    'seller',
    actors.capEdge,
    `${atEdge.length} of its ${capEdge.length} invoices (${percent(edgeShare)}) at ≥ 95 % of their cap`,
  );

  const special = specialAmount(ctx, actors.burstAmount);
  check(special > parseCents(RULES.newEntityBurst.minAmount), `burst amount ${yuan(special)}`);
  expectOfTaxpayer(
    ctx,
    'NEW_ENTITY_BURST',
    'seller',
    actors.burstAmount,
    `registered today, ${yuan(special)} of special invoices (version-4 code)`,
  );
  const used = of('burst-numbers').length;
  const usedShare = used / plan.risk.smallRangeSize;
  check(usedShare >= RULES.newEntityBurst.minRangeUsedShare, `burst numbers ${used}`);
  expectOfTaxpayer(
    ctx,
    'NEW_ENTITY_BURST',
    'seller',
    actors.burstNumbers,
    `registered today, used ${used} of its ${plan.risk.smallRangeSize} numbers (${percent(usedShare)})`,
  );

  const d = divergence(ctx, of('divergent-sale'), of('divergent-purchase'));
  check(
    d.sales >= parseCents(RULES.goodsDivergence.minSales) &&
      d.share >= RULES.goodsDivergence.minDivergentShare,
    `divergence ${yuan(d.sales)} ${percent(d.share)}`,
  );
  expectOfTaxpayer(
    ctx,
    'GOODS_DIVERGENCE',
    'seller',
    actors.divergent,
    `trader (F) selling ${yuan(d.sales)}, ${percent(d.share)} in chapters it never bought`,
  );

  const input = of('absconded-sale', 'share-purchase').filter((i) => i.buyer === actors.shareBuyer);
  const taxOf = (list: PlannedInvoice[]) => sum(list.map((i) => parseCents(issued[i.index].taxAmount)));
  const abnormal = taxOf(input.filter((i) => i.purpose === 'absconded-sale'));
  const inputShare = abnormal / taxOf(input);
  check(
    inputShare >= RULES.abnormalInputShare.minShare && abnormal > parseCents(RULES.abnormalInputShare.minTax),
    `abnormal input ${yuan(abnormal)} ${percent(inputShare)}`,
  );
  expectOfTaxpayer(
    ctx,
    'ABNORMAL_INPUT_SHARE',
    'buyer',
    actors.shareBuyer,
    `${yuan(abnormal)} (${percent(inputShare)}) of its input tax from a seller that absconded`,
  );
  expectRings(ctx);
  expectAffiliates(ctx);
}

/** A person of this demo (its first taxpayer's tax id names the demo): a valid identity number. */
function demoPerson(ctx: DemoContext, key: string, name: string): { name: string; idNumber: string } {
  const h = createHash('sha256').update(`${ctx.plan.taxpayers[0].taxId}:${key}`).digest();
  const born = `19${60 + (h[0] % 40)}0${1 + (h[1] % 9)}1${h[2] % 10}`;
  return {
    name,
    idNumber: makeResidentId(`440106${born}${String(h.readUInt16BE(3) % 1000).padStart(3, '0')}`),
  };
}

/**
 * 关联交易: the affiliates' district admins register who controls them (PATCH
 * /v1/taxpayers/{taxId}): one legal representative for the first pair; the holding company,
 * a taxpayer of the demo, as shareholder of 60 % of the second pair's seller and 40 % of its
 * buyer. In force from now, so in the current period.
 */
export async function registerAffiliates(ctx: DemoContext): Promise<void> {
  const { legalRep, holding } = ctx.plan.risk.affiliates;
  const patch = (t: number, body: Record<string, unknown>) => {
    const taxpayer = ctx.plan.taxpayers[t];
    return ctx.bureau.request('PATCH', `/v1/taxpayers/${taxpayer.taxId}`, {
      token: ctx.tokens.get(taxpayer.bureauCode)!,
      body,
    });
  };
  if (legalRep.length === 2) {
    const boss = demoPerson(ctx, 'legal-representative', '周建国');
    for (const t of legalRep) await patch(t, { legalRepresentative: boss });
    ctx.step(`${legalRep.length} taxpayers given one legal representative (PATCH /v1/taxpayers/{taxId})`);
  }
  if (holding.length === 3) {
    const company = ctx.plan.taxpayers[holding[2]];
    const held = (share: string) => ({ shareholders: [{ name: company.name, taxId: company.taxId, share }] });
    await patch(holding[0], held('0.6'));
    await patch(holding[1], held('0.4'));
    ctx.step(`${company.taxId} registered as shareholder of two taxpayers (60 % and 40 %)`);
  }
}

/**
 * AFFILIATED_TRADE: one finding per seller and buyer of an affiliated group that traded, each
 * way round, on what the system really issued (pairSums): the planted sales, and whatever
 * the ordinary trade has them sell one another.
 */
export function expectAffiliates(ctx: DemoContext): void {
  const { plan, issued } = ctx;
  const sums = pairSums(plan, (v) => amountOf(issued[v.index]));
  const { legalRep, holding } = plan.risk.affiliates;
  for (const [group, how] of [
    [legalRep, 'under one legal representative'],
    [holding, 'held by one company (60 % and 40 %), or the company'],
  ] as const) {
    const taxIds = group.map((t) => plan.taxpayers[t].taxId);
    for (const [seller, buyer] of taxIds.flatMap((a) => taxIds.filter((b) => b !== a).map((b) => [a, b]))) {
      const cents = sums.get(`${seller}>${buyer}`) ?? 0;
      if (cents === 0) continue;
      ctx.ledger.expect({
        category: 'AFFILIATED_TRADE',
        period: ctx.period,
        invoiceCode: null,
        invoiceNumber: null,
        sellerTaxId: seller,
        buyerTaxId: buyer,
        how: `${how}: ${yuan(cents)} of special invoices`,
      });
    }
  }
}

/**
 * CIRCULAR_TRADING: one finding per member of each ring, naming the next member as buyer.
 * The rings are found by the rule's definition (libs/trade-graph) on the edges as issued —
 * every valid special invoice of one demo taxpayer to another and every accepted offline
 * copy, summed per pair (pairSums), of at least minEdgeAmount — so a planted ring that misses the rule is a note, and a ring the ordinary
 * trade makes by chance (a dense economy's pairs can invoice each other nearly the same
 * sums: 互开) is expected as the rule would find it, said so in its `how`.
 */
export function expectRings(ctx: DemoContext): void {
  const { plan, issued } = ctx;
  const taxIdOf = (t: number) => plan.taxpayers[t].taxId;
  const edges = pairSums(plan, (v) => amountOf(issued[v.index]));
  const found = ringsAmong(edges);
  const planted = new Map<string, string>();
  for (const [name, members] of Object.entries(plan.risk.rings) as [string, number[]][]) {
    if (members.length === 0) continue;
    const id = ringOf(members.map(taxIdOf)).ringId;
    planted.set(id, `the ring of ${name}`);
    if (!found.some((r) => r.ringId === id))
      ctx.notes.push(`risk pattern not injected as meant: the ring of ${name}`);
  }
  for (const ring of found) {
    const { members } = ring;
    const out = members.map((m, i) => edges.get(`${m}>${members[(i + 1) % members.length]}`)!);
    const added = out.map(
      (o, i) => (o - out[(i + out.length - 1) % out.length]) / out[(i + out.length - 1) % out.length],
    );
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
    const how =
      `${planted.get(ring.ringId) ?? 'a ring the ordinary trade made by chance'}: ${members.length} members, ` +
      `${yuan(Math.min(...out))}–${yuan(Math.max(...out))} an edge, value added ${pct(Math.min(...added))} to ${pct(Math.max(...added))}`;
    members.forEach((member, i) => {
      ctx.ledger.expect({
        category: 'CIRCULAR_TRADING',
        period: ctx.period,
        invoiceCode: null,
        invoiceNumber: null,
        sellerTaxId: member,
        buyerTaxId: members[(i + 1) % members.length],
        how,
      });
    });
  }
}

/** Pre-tax amount of a seller's special invoices that stay valid (not voided). */
function specialAmount(ctx: DemoContext, seller: number): number {
  return sum(
    ctx.plan.invoices
      .filter(
        (i) => i.seller === seller && i.type === 'special' && i.fate !== 'void' && i.fate !== 'void-claimed',
      )
      .map((i) => amountOf(ctx.issued[i.index])),
  );
}

/** GOODS_DIVERGENCE's figures: sales, and the share of them in chapters not bought. */
function divergence(
  ctx: DemoContext,
  sales: PlannedInvoice[],
  purchases: PlannedInvoice[],
): { sales: number; share: number } {
  const lines = (list: PlannedInvoice[]) => list.flatMap((i) => ctx.issued[i.index].lines);
  const bought = new Set(lines(purchases).map((l) => chapterOf(l.taxCode ?? '')));
  const sold = lines(sales);
  const total = sum(sold.map((l) => parseCents(l.amount)));
  const divergent = sum(
    sold.filter((l) => !bought.has(chapterOf(l.taxCode ?? ''))).map((l) => parseCents(l.amount)),
  );
  return { sales: total, share: divergent / total };
}

/**
 * 走逃: once its buyers have claimed its invoices, the shell's district admin sets it
 * abnormal (非正常户). Every accepted claim of its invoices is then ABSCONDED_SELLER_INPUT.
 */
export async function setAbsconded(ctx: DemoContext): Promise<void> {
  const { plan, issued } = ctx;
  const shell = plan.taxpayers[plan.risk.actors.absconded];
  await ctx.bureau.request('PATCH', `/v1/taxpayers/${shell.taxId}`, {
    token: ctx.tokens.get(shell.bureauCode)!,
    body: { status: 'abnormal', reason: '走逃：登记地址查无此户，法定代表人失联' },
  });
  const claimed = plan.invoices.filter((i) => i.purpose === 'absconded-sale');
  for (const inv of claimed) {
    expectFinding(
      ctx,
      issued[inv.index],
      'ABSCONDED_SELLER_INPUT',
      'claimed an invoice of a seller then set abnormal',
    );
  }
  ctx.step(
    `${shell.taxId} set abnormal (非正常户, PATCH /v1/taxpayers/{taxId}) after its buyers claimed its ${claimed.length} invoices`,
  );
}
