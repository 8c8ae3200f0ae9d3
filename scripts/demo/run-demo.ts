import { isPeriodOpenForIssuance, periodEnd, periodOf, previousPeriod, todayIn } from '@app/domain';
import { HttpClient, HttpError, mapPool } from './http-client';
import {
  AUDITED_CATEGORIES,
  compareFindings,
  InjectionLedger,
  type Comparison,
  type FindingKey,
  type Injection,
} from './ledger';
import { formatCents, parseCents, taxOfCents } from './money';
import type { OfflineSealedCopy } from '@app/pki';
import { OfflineDevice } from './offline-device';
import type { DemoUrls } from './options';
import {
  firstTaxIdOf,
  planDemo,
  PROVINCES,
  type DemoPlan,
  type PlannedInvoice,
  type PlannedOfficer,
} from './plan';
import {
  CATEGORY_LEGEND,
  progressBar,
  renderComparison,
  renderSummary,
  renderTable,
  type SummaryRow,
} from './report';

/**
 * The demo, start to end, through the four apps' HTTP APIs only: register an economy,
 * enroll it, trade, commit every kind of wrongdoing the cross-audit looks for (keeping a
 * ledger of it), run the audit on demand and compare what it found with the ledger.
 */

export interface RunDemoOptions {
  seed: string;
  taxpayers: number;
  invoices: number;
  concurrency: number;
  urls: DemoUrls;
  adminUsername: string;
  adminPassword: string;
  /** Results (tables); default stdout. */
  out?: (text: string) => void;
  /** Progress lines and the progress bar; default stderr. */
  err?: (text: string) => void;
  /** Whether stderr is a terminal (the bar redraws in place). */
  tty?: boolean;
}

export interface DemoAuditRun {
  period: string;
  runId: string;
  status: string;
  counts: Record<string, number> | null;
}

export interface DemoResult {
  tag: string;
  instance: number;
  period: string;
  returnsPeriod: string;
  runs: DemoAuditRun[];
  comparison: Comparison;
  /** The ledger: every expected finding, with how it was injected. */
  injections: Injection[];
  officers: PlannedOfficer[];
  taxpayers: number;
  invoicesIssued: number;
  seconds: number;
  notes: string[];
}

interface Issued {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  buyerTaxId: string;
  amount: string;
  taxAmount: string;
  lines: { description: string; amount: string; taxRate: string; taxAmount: string }[];
  seal: { signature: string; contentHash: string; certificateSerial: string };
}

interface ClaimItem {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  amount: string;
  taxAmount: string;
  seal?: { signature: string; contentHash: string };
}

interface ClaimsResponse {
  results: { index: number; status: 'accepted' | 'rejected'; code?: string | null }[];
}

interface Finding {
  id: string;
  period: string;
  category: string;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  taxAtRisk: string;
}

const NATIONAL = '10000000000';
const RUN_TIMEOUT_MS = 10 * 60_000;

export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const out = options.out ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = options.err ?? ((t: string) => process.stderr.write(`${t}\n`));
  const tty = options.tty ?? false;
  const bureau = new HttpClient(options.urls.bureau);
  const issuance = new HttpClient(options.urls.issuance);
  const collection = new HttpClient(options.urls.collection);
  const c = options.concurrency;
  const notes: string[] = [];
  const step = (text: string) => err(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);

  const login = async (username: string, password: string) =>
    (await bureau.post<{ accessToken: string }>('/v1/auth/login', { body: { username, password } })).body
      .accessToken;
  const adminToken = await login(options.adminUsername, options.adminPassword);

  // A fresh instance of the seed's economy: the first whose first taxpayer is not registered.
  let instance = 0;
  for (; ; instance++) {
    const probe = await bureau.get(`/v1/taxpayers/${firstTaxIdOf(options.seed, instance)}`, {
      token: adminToken,
      accept: [404],
    });
    if (probe.status === 404) break;
  }
  const plan = planDemo({
    seed: options.seed,
    instance,
    taxpayers: options.taxpayers,
    invoices: options.invoices,
  });
  const today = todayIn('Asia/Shanghai');
  const period = periodOf(today);
  const returnsPeriod = previousPeriod(period);
  const tp = plan.taxpayers;
  step(
    `economy ${plan.tag}: ${tp.length} taxpayers in ${new Set(tp.map((t) => t.bureauCode)).size} bureaus of ` +
      `${new Set(tp.map((t) => t.bureauCode.slice(1, 3))).size} provinces, ${plan.invoices.length} invoices, period ${period}`,
  );

  // 1. Officers: the national admin creates them; each district admin registers its taxpayers.
  const officers = [
    plan.officers.nationalAuditor,
    plan.officers.province,
    plan.officers.city,
    ...plan.officers.districts.values(),
  ];
  await mapPool(officers, c, (o) =>
    bureau.post('/v1/users', {
      token: adminToken,
      body: { username: o.username, password: o.password, bureauCode: o.bureauCode, role: o.role },
    }),
  );
  const tokens = new Map<string, string>();
  await mapPool([...plan.officers.districts.values()], c, async (o) =>
    tokens.set(o.bureauCode, await login(o.username, o.password)),
  );
  step(
    `${officers.length} officers created (national auditor, Guangdong, Guangzhou, ${plan.officers.districts.size} districts)`,
  );

  // 2. Taxpayers and number ranges (by their district's officer), then enrollment.
  const enrollmentTokens = new Array<string>(tp.length);
  await mapPool(tp, c, async (t) => {
    const token = tokens.get(t.bureauCode)!;
    const res = await bureau.post<{ enrollmentToken: string }>('/v1/taxpayers', {
      token,
      body: { taxId: t.taxId, name: t.name, bureauCode: t.bureauCode, kind: t.kind, maxAmountVersion: 3 },
    });
    enrollmentTokens[t.index] = res.body.enrollmentToken;
  });
  await mapPool(plan.ranges, c, (r) =>
    bureau.post(`/v1/taxpayers/${tp[r.seller].taxId}/number-ranges`, {
      token: tokens.get(tp[r.seller].bureauCode)!,
      idempotencyKey: `${plan.tag}-range-${r.seller}`,
      body: {
        invoiceCode: r.invoiceCode,
        startNumber: String(r.start).padStart(8, '0'),
        endNumber: String(r.end).padStart(8, '0'),
      },
    }),
  );
  step(
    `${tp.length} taxpayers registered (${tp.filter((t) => t.kind === 'small_scale').length} small-scale), ${plan.ranges.length} number ranges allocated`,
  );

  const devices = new Map<number, OfflineDevice>();
  for (const t of tp) if (t.offline) devices.set(t.index, new OfflineDevice(t.taxId, t.name));
  const apiKeys = new Array<string>(tp.length);
  const serials = new Array<string>(tp.length);
  await mapPool(tp, c, async (t) => {
    const device = devices.get(t.index);
    const res = await issuance.post<{ apiKey: string; serialNumber: string }>('/v1/enrollment', {
      body: {
        taxId: t.taxId,
        enrollmentToken: enrollmentTokens[t.index],
        ...(device ? { csr: device.csrPem } : {}),
      },
    });
    apiKeys[t.index] = res.body.apiKey;
    serials[t.index] = res.body.serialNumber;
    if (device) device.certificateSerial = res.body.serialNumber;
  });
  step(`${tp.length} taxpayers enrolled (${devices.size} offline devices with their own key and CSR)`);

  // 3. Issue the trade online.
  const issued = new Array<Issued>(plan.invoices.length);
  let lastShown = 0;
  await mapPool(
    plan.invoices,
    c,
    async (inv) => {
      const buyer = tp[inv.buyer];
      const res = await issuance.post<Issued>('/v1/invoices', {
        token: apiKeys[inv.seller],
        idempotencyKey: `${plan.tag}-invoice-${inv.index}`,
        body: {
          type: inv.type,
          buyerTaxId: buyer.taxId,
          buyerName: buyer.name,
          lines: inv.lines.map((l) => ({
            description: l.description,
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
        step(`issued ${done}/${plan.invoices.length} invoices`);
      }
    },
  );
  const issueDate = issued[0].issueDate;
  if (periodOf(issueDate) !== period)
    throw new Error(`invoices dated ${issueDate}, outside the demo period ${period}`);

  const ledger = new InjectionLedger();
  const expect = (inv: Issued, category: string, how: string, buyerTaxId = inv.buyerTaxId) =>
    ledger.expect({
      category,
      period,
      invoiceCode: inv.invoiceCode,
      invoiceNumber: inv.invoiceNumber,
      sellerTaxId: inv.sellerTaxId,
      buyerTaxId,
      how,
    });
  const ofFate = (...fates: PlannedInvoice['fate'][]) => plan.invoices.filter((i) => fates.includes(i.fate));

  // 4. Corrections before anyone claims: voids, partial credit notes.
  await mapPool(ofFate('void', 'void-claimed'), c, (inv) =>
    issuance.post(`/v1/invoices/${issued[inv.index].invoiceCode}/${issued[inv.index].invoiceNumber}/void`, {
      token: apiKeys[inv.seller],
      idempotencyKey: `${plan.tag}-void-${inv.index}`,
      body: { reason: '开票信息有误，作废重开' },
    }),
  );
  await mapPool(ofFate('credit-partial'), c, (inv) => {
    const first = issued[inv.index].lines[0];
    const half = Math.max(1, Math.floor(parseCents(first.amount) / 2));
    return issuance.post(
      `/v1/invoices/${issued[inv.index].invoiceCode}/${issued[inv.index].invoiceNumber}/credit-notes`,
      {
        token: apiKeys[inv.seller],
        idempotencyKey: `${plan.tag}-credit-${inv.index}`,
        body: {
          reason: '部分销货退回',
          lines: [{ description: first.description, amount: formatCents(-half), taxRate: first.taxRate }],
        },
      },
    );
  });
  step(
    `${ofFate('void', 'void-claimed').length} invoices voided, ${ofFate('credit-partial').length} partly credited`,
  );

  // 5. Offline copies: sealed on the devices; uploaded (or not) by the sellers.
  const rangeOf = new Map(plan.ranges.map((r) => [r.seller, r]));
  const sealedCopies = plan.offlineCopies.map((copy) => {
    const range = rangeOf.get(copy.seller)!;
    const buyer = tp[copy.buyer];
    const sealOne = (): OfflineSealedCopy =>
      devices.get(copy.seller)!.seal({
        invoiceCode: range.invoiceCode,
        invoiceNumber: String(range.start + copy.offset).padStart(8, '0'),
        issueDate,
        buyerTaxId: buyer.taxId,
        buyerName: buyer.name,
        description: '离线开具货物',
        amount: formatCents(copy.amountCents),
        taxRate: copy.taxRate,
        taxAmount: formatCents(taxOfCents(copy.amountCents, copy.taxRate)),
      });
    return { copy, sealOne };
  });
  const beforeRevocation = sealedCopies
    .filter((s) => s.copy.fate !== 'revoked-after')
    .map((s) => ({ ...s, sealed: s.sealOne() }));
  const uploadNow = beforeRevocation.filter((s) => s.copy.fate !== 'copy-missing');
  const bySeller = groupBy(uploadNow, (s) => s.copy.seller);
  await mapPool([...bySeller], c, async ([seller, copies]) => {
    const res = await collection.post<ClaimsResponse>('/v1/seller-copies', {
      token: apiKeys[seller],
      idempotencyKey: `${plan.tag}-copies-${seller}`,
      body: { invoices: copies.map((s) => s.sealed) },
    });
    warnUnexpected(
      res.body,
      copies.map(() => 'accepted'),
      `seller copies of ${tp[seller].taxId}`,
      notes,
    );
  });
  step(
    `${uploadNow.length} offline seller copies uploaded by ${bySeller.size} offline sellers (POST /v1/seller-copies)`,
  );

  // 6. Claims, round one: every buyer claims what it received (the bulk buyer by file).
  const claimOf = (inv: Issued, seal = true): ClaimItem => ({
    invoiceCode: inv.invoiceCode,
    invoiceNumber: inv.invoiceNumber,
    issueDate: inv.issueDate,
    sellerTaxId: inv.sellerTaxId,
    amount: inv.amount,
    taxAmount: inv.taxAmount,
    ...(seal ? { seal: { signature: inv.seal.signature, contentHash: inv.seal.contentHash } } : {}),
  });
  const scaled = (money: string, factor: number) => formatCents(parseCents(money) * factor);
  const roundOne = new Map<number, { item: ClaimItem; expect: string }[]>();
  const add = (buyer: number, item: ClaimItem, expectStatus: string) => {
    if (!roundOne.has(buyer)) roundOne.set(buyer, []);
    roundOne.get(buyer)!.push({ item, expect: expectStatus });
  };
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
      case 'bulk': // claimed by file below
      case 'void': // voided and left alone
      case 'ordinary': // nothing to claim
        break;
    }
  }
  for (const s of beforeRevocation) {
    const buyer = tp[s.copy.buyer];
    const asIssued: Issued = {
      ...s.sealed,
      sellerTaxId: tp[s.copy.seller].taxId,
      buyerTaxId: buyer.taxId,
      lines: [],
      seal: {
        signature: s.sealed.signature,
        contentHash: s.sealed.contentHash,
        certificateSerial: s.sealed.certificateSerial,
      },
    };
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
    ledger.expect({
      category: p.kind === 'missing-allocated' ? 'MISSING_SELLER_COPY' : 'FORGED',
      period,
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
  const claimed = await postClaims(collection, plan, apiKeys, period, roundOne, 'r1', c, notes);
  step(`round one: ${claimed} claims from ${roundOne.size} buyers (POST /v1/claims, seals verified)`);

  // The bulk upload: one buyer sends its claims as CSV, one row twice.
  if (plan.bulkBuyer !== null) {
    const rows = plan.invoices.filter((i) => i.fate === 'bulk').map((i) => issued[i.index]);
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
    expect(rows[0], 'DUPLICATE_CLAIM', 'the same row twice in a bulk claims file');
    const up = await collection.post<{ uploadId: string }>(`/v1/uploads?kind=claims&period=${period}`, {
      token: apiKeys[plan.bulkBuyer],
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
          token: apiKeys[plan.bulkBuyer],
        })
      ).body;
      if (status.status === 'completed' || status.status === 'failed') break;
      if (Date.now() > deadline) throw new Error(`upload ${up.body.uploadId} not processed within 120 s`);
      await sleep(250);
    }
    if (status.status !== 'completed' || status.rowsAccepted !== rows.length || status.rowsRejected !== 1) {
      notes.push(
        `bulk upload ${up.body.uploadId}: ${JSON.stringify(status)} (expected ${rows.length} accepted, 1 rejected)`,
      );
    }
    step(
      `bulk upload ${up.body.uploadId} (POST /v1/uploads?kind=claims): ${status.status}, ` +
        `${status.rowsAccepted} accepted, ${status.rowsRejected} rejected of ${status.rowsTotal} rows`,
    );
  }

  // 7. Round two: second claims, forged seals, full credits of claimed invoices, the revoked device.
  const roundTwo = new Map<number, { item: ClaimItem; expect: string }[]>();
  const add2 = (buyer: number, item: ClaimItem, expectStatus: string) => {
    if (!roundTwo.has(buyer)) roundTwo.set(buyer, []);
    roundTwo.get(buyer)!.push({ item, expect: expectStatus });
  };
  for (const inv of ofFate('duplicate')) {
    add2(inv.buyer, claimOf(issued[inv.index]), 'ALREADY_CLAIMED');
    expect(issued[inv.index], 'DUPLICATE_CLAIM', 'claimed a second time');
  }
  for (const inv of ofFate('fake-seal')) {
    const i = issued[inv.index];
    const fake = Buffer.from(`${plan.tag}:${i.invoiceCode}${i.invoiceNumber}`.padEnd(256, '#')).toString(
      'base64',
    );
    add2(
      inv.buyer,
      {
        ...claimOf(i),
        amount: scaled(i.amount, 3),
        taxAmount: scaled(i.taxAmount, 3),
        seal: { signature: fake, contentHash: i.seal.contentHash },
      },
      'SEAL_MISMATCH',
    );
    expect(i, 'FORGED', 'claimed again, inflated, under a made-up seal');
  }
  await mapPool(ofFate('credit-full-claimed'), c, (inv) => {
    const i = issued[inv.index];
    expect(i, 'VOID_CLAIMED', 'claimed, then fully credited (red-letter)');
    return issuance.post(`/v1/invoices/${i.invoiceCode}/${i.invoiceNumber}/credit-notes`, {
      token: apiKeys[inv.seller],
      idempotencyKey: `${plan.tag}-credit-${inv.index}`,
      body: {
        reason: '全额销货退回',
        lines: i.lines.map((l) => ({
          description: l.description,
          amount: formatCents(-parseCents(l.amount)),
          taxRate: l.taxRate,
        })),
      },
    });
  });
  // The device of the first offline seller is revoked (失控); it goes on sealing.
  const revoked = plan.offlineCopies.find((o) => o.fate === 'revoked-before')?.seller;
  if (revoked !== undefined) {
    await bureau.post(`/v1/certificates/${serials[revoked]}/revoke`, {
      token: tokens.get(tp[revoked].bureauCode)!,
      idempotencyKey: `${plan.tag}-revoke`,
      body: { reason: '税控设备失控' },
    });
    const after = sealedCopies
      .filter((s) => s.copy.fate === 'revoked-after')
      .map((s) => ({ ...s, sealed: s.sealOne() }));
    const res = await collection.post<ClaimsResponse>('/v1/seller-copies', {
      token: apiKeys[revoked],
      idempotencyKey: `${plan.tag}-copies-after-${revoked}`,
      body: { invoices: after.map((s) => s.sealed) },
    });
    warnUnexpected(
      res.body,
      after.map(() => 'SEAL_REVOKED'),
      'copies sealed after the revocation',
      notes,
    );
    for (const s of after) {
      const asIssued: Issued = {
        ...s.sealed,
        sellerTaxId: tp[revoked].taxId,
        buyerTaxId: tp[s.copy.buyer].taxId,
        lines: [],
        seal: {
          signature: s.sealed.signature,
          contentHash: s.sealed.contentHash,
          certificateSerial: s.sealed.certificateSerial,
        },
      };
      add2(s.copy.buyer, claimOf(asIssued), 'SEAL_REVOKED');
      expect(asIssued, 'REVOKED_SEAL', 'sealed after the device was revoked, claimed with that seal');
      expect(asIssued, 'MISSING_SELLER_COPY', 'its seller copy was refused (revoked seal)');
    }
    step(
      `device ${serials[revoked]} of ${tp[revoked].taxId} revoked (POST /v1/certificates/{serial}/revoke); it sealed ${after.length} more`,
    );
  }
  const claimed2 = await postClaims(collection, plan, apiKeys, period, roundTwo, 'r2', c, notes);
  step(
    `round two: ${claimed2} claims (second claims, forged seals, revoked seals); ${ofFate('credit-full-claimed').length} claimed invoices fully credited`,
  );

  // 8. Returns of the previous, ended period: zero returns, some declaring input tax never
  // claimed; while that period is still open for issuance (days 1–15), some sellers invoice
  // in it and declare half of the output tax (UNDER_DECLARED).
  const declaredOutput = new Map<number, { sales: number; tax: number }>();
  if (isPeriodOpenForIssuance(returnsPeriod, today)) {
    const lastDay = periodEnd(returnsPeriod);
    const late = new Map<number, { item: ClaimItem; expect: string }[]>();
    await mapPool(plan.underDeclarations, c, async (u) => {
      const buyer = tp[u.buyer];
      const inv = (
        await issuance.post<Issued>('/v1/invoices', {
          token: apiKeys[u.seller],
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
      if (!late.has(u.buyer)) late.set(u.buyer, []);
      late.get(u.buyer)!.push({ item: claimOf(inv, false), expect: 'accepted' });
      declaredOutput.set(u.seller, { sales: u.amountCents, tax: u.declaredTaxCents });
      ledger.expect({
        category: 'UNDER_DECLARED',
        period: returnsPeriod,
        invoiceCode: null,
        invoiceNumber: null,
        sellerTaxId: inv.sellerTaxId,
        buyerTaxId: null,
        how: 'invoiced in the period, declared half the output tax',
      });
    });
    await postClaims(collection, plan, apiKeys, returnsPeriod, late, 'late', c, notes);
    step(
      `${plan.underDeclarations.length} sellers invoiced in ${returnsPeriod} (still open until day 15) and will under-declare`,
    );
  } else {
    notes.push(
      `UNDER_DECLARED needs special invoices in a period whose return can already be filed. Returns are taken only ` +
        `for ended periods, and invoices only in the current period (or the previous one until day 15); offline seals ` +
        `only from the device's enrollment on. So on day ${Number(today.slice(8))} of the month the APIs give no way ` +
        `to make one, and the demo expects none; on days 1–15 it injects ${plan.underDeclarations.length}.`,
    );
  }
  await mapPool(plan.returns, c, (r) => {
    const t = tp[r.taxpayer];
    if (r.inputTaxCents > 0) {
      ledger.expect({
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
    return collection.post('/v1/returns', {
      token: apiKeys[r.taxpayer],
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
  step(`${plan.returns.length} VAT returns filed for ${returnsPeriod} (POST /v1/returns)`);

  // 9. The audit on demand, over the demo's own taxpayers, for both periods.
  const auditorToken = await login(
    plan.officers.nationalAuditor.username,
    plan.officers.nationalAuditor.password,
  );
  const taxIds = tp.map((t) => t.taxId);
  const runs: DemoAuditRun[] = [];
  const found: FindingKey[] = [];
  for (const p of [period, returnsPeriod]) {
    const start = await bureau.post<{ runId: string }>('/v1/audits', {
      token: auditorToken,
      idempotencyKey: `${plan.tag}-audit-${p}`,
      body: { period: p, taxIds },
    });
    const run = await followRun(bureau, auditorToken, start.body.runId, p, err, tty);
    runs.push(run);
    if (run.status !== 'completed') throw new Error(`audit run ${run.runId} for ${p} ended ${run.status}`);
    const mine = new Set(taxIds);
    for (const f of await allFindings(bureau, auditorToken, p, run.runId)) {
      if ((f.sellerTaxId && mine.has(f.sellerTaxId)) || (f.buyerTaxId && mine.has(f.buyerTaxId)))
        found.push(f);
    }
  }
  const comparison = compareFindings(ledger.all(), found, AUDITED_CATEGORIES);

  // 10. Reports.
  const summary = async (code: string, p: string) =>
    (
      await bureau.get<{ items: SummaryRow[]; totals: SummaryRow; bureau: { name: string } }>(
        `/v1/reports/summary?period=${p}&bureauCode=${code}`,
        { token: adminToken },
      )
    ).body;
  const national = await summary(NATIONAL, period);
  const provinces = national.items.filter(
    (r) => r.totalFindings > 0 || Object.values(PROVINCES).some((p) => p.code === r.code),
  );
  out('');
  out(
    `National summary, period ${period} (GET /v1/reports/summary?bureauCode=${NATIONAL}; every finding of the period, not only the demo's):`,
  );
  out(renderSummary(provinces, AUDITED_CATEGORIES));
  const gd = await summary(PROVINCES['44'].code, period);
  out('');
  out(`广东 (${PROVINCES['44'].code}) by city:`);
  out(
    renderSummary(
      gd.items.filter((r) => r.totalFindings > 0),
      AUDITED_CATEGORIES,
    ),
  );
  const gz = await summary('14401000000', period);
  out('');
  out('广州 (14401000000) by district:');
  out(
    renderSummary(
      gz.items.filter((r) => r.totalFindings > 0),
      AUDITED_CATEGORIES,
    ),
  );
  const previous = await summary(NATIONAL, returnsPeriod);
  out('');
  out(`National summary, period ${returnsPeriod} (the returns compared with the invoices, 票表比对):`);
  out(
    renderSummary(
      previous.items.filter((r) => r.totalFindings > 0),
      AUDITED_CATEGORIES,
    ),
  );
  out(CATEGORY_LEGEND);
  out('');
  out(`What the demo injected (the ledger: ${ledger.count()} expected findings):`);
  const ways = new Map<string, { category: string; how: string; n: number; example: Injection }>();
  for (const e of ledger.all()) {
    const k = `${e.category}|${e.how}`;
    const w = ways.get(k) ?? { category: e.category, how: e.how, n: 0, example: e };
    w.n++;
    ways.set(k, w);
  }
  const order = (c: string) => (AUDITED_CATEGORIES as readonly string[]).indexOf(c);
  out(
    renderTable(
      ['category', 'how', 'n', 'e.g.'],
      [...ways.values()]
        .sort((a, b) => order(a.category) - order(b.category))
        .map((w) => [
          w.category,
          w.how,
          w.n,
          w.example.invoiceCode
            ? `${w.example.invoiceCode}/${w.example.invoiceNumber}`
            : `${w.example.sellerTaxId ?? w.example.buyerTaxId} ${w.example.period}`,
        ]),
    ),
  );
  out('');
  out(
    `Injected wrongdoing vs. findings (runs ${runs.map((r) => `${r.period} ${r.runId}`).join(', ')}; demo taxpayers only):`,
  );
  out(renderComparison(comparison));
  if (comparison.perfect) out('Every injected fault was found, and nothing else.');
  for (const m of comparison.missed.slice(0, 20)) out(`  missed: ${JSON.stringify(m)}`);
  for (const f of comparison.falseFindings.slice(0, 20)) out(`  false:  ${JSON.stringify(f)}`);
  for (const n of notes) out(`note: ${n}`);

  // 11. How to explore.
  out('');
  out('Explore as a bureau officer (passwords are derived from the seed; this is a demo):');
  out(
    renderTable(
      ['username', 'password', 'bureau', 'role'],
      [
        plan.officers.nationalAuditor,
        plan.officers.province,
        plan.officers.city,
        plan.officers.districts.get('14401060000')!,
      ].map((o) => [o.username, o.password, o.bureauCode, o.role]),
    ),
  );
  out(
    `  (and one admin per district: ${[...plan.officers.districts.values()].map((o) => o.username).join(', ')})`,
  );
  const o = plan.officers.city;
  out(`  In a browser: ${options.urls.bureau}/dashboard/#/overview?period=${period} (log in as any of them)`);
  out(`  TOKEN=$(curl -s -X POST ${options.urls.bureau}/v1/auth/login -H 'Content-Type: application/json' \\
      -d '{"username":"${o.username}","password":"${o.password}"}' | jq -r .accessToken)
  curl -s "${options.urls.bureau}/v1/findings?period=${period}&runId=${runs[0].runId}&limit=20" -H "Authorization: Bearer $TOKEN" | jq '.items[] | {category, invoiceCode, invoiceNumber, taxAtRisk}'
  curl -s "${options.urls.bureau}/v1/reports/summary?period=${period}&bureauCode=14401000000" -H "Authorization: Bearer $TOKEN" | jq .totals`);

  const seconds = (Date.now() - started) / 1000;
  out('');
  out(`demo ${plan.tag} done in ${seconds.toFixed(1)} s`);
  return {
    tag: plan.tag,
    instance,
    period,
    returnsPeriod,
    runs,
    comparison,
    injections: ledger.all(),
    officers,
    taxpayers: tp.length,
    invoicesIssued: issued.length,
    seconds,
    notes,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(item);
  }
  return m;
}

/** Notes results that differ from what the demo meant ('accepted' or the rejection reason). */
function warnUnexpected(body: ClaimsResponse, expected: string[], what: string, notes: string[]): void {
  body.results.forEach((r, i) => {
    const got = r.status === 'accepted' ? 'accepted' : (r.code ?? 'rejected');
    if (got !== expected[r.index ?? i])
      notes.push(`${what}: item ${r.index} ${got}, expected ${expected[r.index ?? i]}`);
  });
}

async function postClaims(
  collection: HttpClient,
  plan: DemoPlan,
  apiKeys: string[],
  period: string,
  byBuyer: Map<number, { item: ClaimItem; expect: string }[]>,
  round: string,
  concurrency: number,
  notes: string[],
): Promise<number> {
  const batches: { buyer: number; part: number; items: { item: ClaimItem; expect: string }[] }[] = [];
  for (const [buyer, items] of byBuyer) {
    for (let k = 0; k < items.length; k += 1000)
      batches.push({ buyer, part: k / 1000, items: items.slice(k, k + 1000) });
  }
  await mapPool(batches, concurrency, async (b) => {
    const res = await collection.post<ClaimsResponse>('/v1/claims', {
      token: apiKeys[b.buyer],
      idempotencyKey: `${plan.tag}-claims-${round}-${b.buyer}-${b.part}`,
      body: { period, invoices: b.items.map((i) => i.item) },
    });
    warnUnexpected(
      res.body,
      b.items.map((i) => i.expect),
      `claims of ${plan.taxpayers[b.buyer].taxId}`,
      notes,
    );
  });
  return batches.reduce((n, b) => n + b.items.length, 0);
}

async function followRun(
  bureau: HttpClient,
  token: string,
  runId: string,
  period: string,
  err: (t: string) => void,
  tty: boolean,
): Promise<DemoAuditRun> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let lastPercent = -1;
  for (;;) {
    const run = (
      await bureau.get<{
        status: string;
        progress: { percent: number };
        counts: Record<string, number> | null;
        error: string | null;
      }>(`/v1/audits/${runId}`, { token })
    ).body;
    const percent = run.status === 'completed' ? 100 : run.progress.percent;
    const line = `audit ${period} ${progressBar(percent)} ${run.status}`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (percent !== lastPercent) err(line);
    lastPercent = percent;
    if (run.status === 'completed' || run.status === 'failed') {
      if (tty) process.stderr.write('\n');
      return { period, runId, status: run.status, counts: run.counts };
    }
    if (Date.now() > deadline)
      throw new Error(`audit run ${runId} still ${run.status} after ${RUN_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }
}

async function allFindings(
  bureau: HttpClient,
  token: string,
  period: string,
  runId: string,
): Promise<Finding[]> {
  const all: Finding[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ period, runId, limit: '500' });
    if (cursor) query.set('cursor', cursor);
    const page: { items: Finding[]; nextCursor: string | null } = (
      await bureau.get<{ items: Finding[]; nextCursor: string | null }>(`/v1/findings?${query.toString()}`, {
        token,
      })
    ).body;
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export { HttpError };
