import { INestApplication } from '@nestjs/common';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEVELOPMENT_IDENTITY_KEY, makeResidentId, maskResidentId, partyDigest } from '@app/domain';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  createTestIssuingCa,
  FindingsFactory,
  type FindingFixture,
  insertDeviceCertificate,
  login,
  newInvoiceCode,
  RegistryFactory,
  RollupsFactory,
  type TaxpayerFixture,
} from '@app/testing';
import { AuditInputsFactory } from '../factories/audit-inputs.factory';
import { RiskFactory } from '../factories/risk.factory';

/**
 * The bureau dashboard (/dashboard/) in a real browser: Debian's Chromium driven by
 * playwright-core, against the bureau app running in-process. Period 2009-03 (and the eleven
 * before it, for the trend) is this file's own: the database is shared with other test files.
 * Waits are generous and only guard against hangs; nothing asserts a timing.
 */
const PERIOD = '2009-03';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Without a browser the suite is skipped, loudly; .ci/run sets REQUIRE_BROWSER, and there it fails. */
const HAS_BROWSER = existsSync(CHROMIUM) || process.env.REQUIRE_BROWSER === '1';
if (!HAS_BROWSER) {
  process.stderr.write(
    `\n*** SKIPPED: the dashboard's browser tests: no Chromium at ${CHROMIUM}. ` +
      'Install it with `npm run browser:install` (Debian, root or sudo) or set CHROMIUM_PATH. ***\n\n',
  );
}
const OUT = join(__dirname, '..', '..', 'test-output', 'dashboard');
const DOCS = join(__dirname, '..', '..', 'docs', 'screenshots');
const WAIT = 30_000;
const RING_PERIOD = '2008-11';
const AFFILIATION_PERIOD = '2008-10';
/** The affiliated trade's two people: their full identity numbers must never reach the page. */
const WANG = makeResidentId('44010619800101019');
const LI = makeResidentId('44010619750315027');
/** A person node as the audit names it: the keyed digest of the identity number. */
const personNode = (idNumber: string) => `person:${partyDigest(DEVELOPMENT_IDENTITY_KEY)(idNumber)}`;

jest.setTimeout(180_000);

type Figures = Record<string, [findings: number, taxAtRisk: string]>;

interface Officer {
  username: string;
  password: string;
}

(HAS_BROWSER ? describe : describe.skip)('dashboard: the bureau web UI in Chromium', () => {
  let app: INestApplication;
  let db: DataSource;
  let base: string;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  let national: Officer;
  let tianhe: Officer;
  let a: TaxpayerFixture;
  let b: TaxpayerFixture;
  let k: TaxpayerFixture;
  let f1: TaxpayerFixture;
  let f2: TaxpayerFixture;
  let mismatch: FindingFixture;
  let futianFinding: FindingFixture;
  /** A ring of three (CIRCULAR_TRADING) in RING_PERIOD: two in Tianhe, one in Dongcheng. */
  let ring: TaxpayerFixture[];
  let ringFinding: FindingFixture;
  /** Seller (Tianhe), buyer (Dongcheng) and the company between the seller and 李强 (Tianhe). */
  let affiliates: TaxpayerFixture[];
  let affiliationFinding: FindingFixture;

  async function createOfficer(bureauCode: string, role: 'reviewer' | 'auditor' | 'admin'): Promise<Officer> {
    const adminToken = await login(app, ADMIN.username, ADMIN.password);
    const officer = {
      username: `dash-${role}-${randomBytes(4).toString('hex')}`,
      password: randomBytes(12).toString('base64url'),
    };
    await request(app.getHttpServer())
      .post('/v1/users')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ ...officer, bureauCode, role })
      .expect(201);
    return officer;
  }

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const ctx = await browser!.newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
    const p = await ctx.newPage();
    p.setDefaultTimeout(WAIT);
    p.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    p.on('console', (msg) => {
      // A 404 answer is logged by the browser as a failed resource; that one is expected.
      if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) pageErrors.push(msg.text());
    });
    return { context: ctx, page: p };
  }

  async function logIn(p: Page, officer: Officer): Promise<void> {
    await p.goto(`${base}/dashboard/`);
    await p.locator('[data-testid=login-form]').waitFor();
    await p.fill('[data-testid=login-username]', officer.username);
    await p.fill('[data-testid=login-password]', officer.password);
    await p.click('[data-testid=login-submit]');
    await p.locator('[data-testid=officer-role]').waitFor();
  }

  async function screenshot(p: Page, name: string, fullPage = true): Promise<void> {
    mkdirSync(OUT, { recursive: true });
    await p.screenshot({ path: join(OUT, name), fullPage });
    if (process.env.DASHBOARD_SCREENSHOTS_TO_DOCS === '1') {
      mkdirSync(DOCS, { recursive: true });
      copyFileSync(join(OUT, name), join(DOCS, name));
    }
  }

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    db = app.get(DataSource);

    national = await createOfficer(BUREAUS.national, 'admin');
    tianhe = await createOfficer(BUREAUS.tianhe, 'reviewer');

    const registry = new RegistryFactory(db);
    a = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    // A name with markup: it must reach the page as text.
    b = await registry.taxpayer({
      bureauCode: BUREAUS.tianhe,
      name: '<img src=x onerror="window.__xss=1">华南贸易有限公司',
    });
    k = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    f1 = await registry.taxpayer({ bureauCode: BUREAUS.futian });
    f2 = await registry.taxpayer({ bureauCode: BUREAUS.futian });

    const findings = new FindingsFactory(db);
    mismatch = await findings.finding({
      period: PERIOD,
      seller: a,
      buyer: b,
      category: 'FIELD_MISMATCH',
      taxAtRisk: '1300.00',
      details: {
        differingFields: ['amount', 'taxAmount'],
        sellerCopy: {
          issueDate: '2009-03-05',
          sellerTaxId: a.taxId,
          buyerTaxId: b.taxId,
          amount: '1000.00',
          taxAmount: '130.00',
        },
        claim: {
          id: '1',
          period: PERIOD,
          status: 'accepted',
          issueDate: '2009-03-05',
          sellerTaxId: a.taxId,
          amount: '10000.00',
          taxAmount: '1300.00',
        },
      },
    });
    const overstated = await findings.finding({
      period: PERIOD,
      seller: k,
      buyer: a,
      category: 'OVERSTATED_CLAIM',
      taxAtRisk: '420.00',
      details: { differingFields: ['taxAmount'] },
    });
    await findings.assistRequest(overstated);
    // Sent by Dongcheng to Tianhe, due long ago: escalated up to the national tier by now.
    const late = await findings.finding({
      period: PERIOD,
      seller: a,
      buyer: k,
      category: 'FORGED',
      taxAtRisk: '260.00',
    });
    await findings.assistRequest(late, { dueAt: '2009-05-01T00:00:00+08:00' });
    // 55 more in Futian: two pages of the list.
    for (let i = 0; i < 55; i++) {
      await findings.finding({
        period: PERIOD,
        seller: f1,
        buyer: f2,
        category: 'UNCLAIMED',
        taxAtRisk: `${i + 1}.00`,
      });
    }
    futianFinding = await findings.finding({
      period: PERIOD,
      seller: f1,
      buyer: f2,
      category: 'FORGED',
      taxAtRisk: '800.00',
      details: { forgedBecause: ['NUMBER_NOT_ALLOCATED'] },
    });

    const rollups = new RollupsFactory(db, findings);
    const write = async (period: string, bureauCode: string, figures: Figures) => {
      for (const [category, [n, taxAtRisk]] of Object.entries(figures)) {
        await rollups.rollup({ period, bureauCode, category, findings: n, taxAtRisk });
      }
    };
    const all: Figures = {
      FIELD_MISMATCH: [1, '1300.00'],
      OVERSTATED_CLAIM: [1, '420.00'],
      FORGED: [1, '800.00'],
    };
    const guangzhou: Figures = { FIELD_MISMATCH: [1, '1300.00'], OVERSTATED_CLAIM: [1, '420.00'] };
    await write(PERIOD, BUREAUS.national, all);
    await write(PERIOD, BUREAUS.guangdong, all);
    await write(PERIOD, BUREAUS.guangzhou, guangzhou);
    await write(PERIOD, BUREAUS.tianhe, guangzhou);
    await write(PERIOD, BUREAUS.shenzhen, { FORGED: [1, '800.00'] });
    await write(PERIOD, BUREAUS.futian, { FORGED: [1, '800.00'] });
    for (const code of [BUREAUS.beijing, BUREAUS.beijingCity, BUREAUS.dongcheng]) {
      await write(PERIOD, code, { OVERSTATED_CLAIM: [1, '420.00'] });
    }
    // The eleven periods before, for the national trend.
    const earlier = [
      '2008-04',
      '2008-05',
      '2008-06',
      '2008-07',
      '2008-08',
      '2008-09',
      '2008-10',
      '2008-11',
      '2008-12',
      '2009-01',
      '2009-02',
    ];
    for (const [i, period] of earlier.entries()) {
      await write(period, BUREAUS.national, {
        FIELD_MISMATCH: [2 + (i % 4), `${(600 + ((i * 370) % 1900)).toFixed(2)}`],
        FORGED: [i % 3, `${((i % 3) * 250).toFixed(2)}`],
      });
    }

    // The risk scores the finaliser would write for the findings above, and for A's taxpayer
    // page what it issued (offline copies to B) and claimed (invoices K issued it online) over
    // the twelve periods.
    const risk = new RiskFactory(db);
    await risk.score(PERIOD, f2, { FORGED: 1 }, '800.00');
    await risk.score(PERIOD, k, { FORGED: 1 }, '260.00');
    await risk.score(PERIOD, a, { OVERSTATED_CLAIM: 1, FIELD_MISMATCH: 1 }, '1720.00');
    await risk.score(PERIOD, b, { FIELD_MISMATCH: 1 }, '1300.00');
    await risk.score(PERIOD, f1, { UNCLAIMED: 55 }, '0.00');
    await db.query(`UPDATE registry.taxpayers SET industry = 'F5174' WHERE tax_id = $1`, [a.taxId]);
    // A's status history: set abnormal for a month, then back.
    await db.query(
      `INSERT INTO registry.taxpayer_status_changes (tax_id, from_status, to_status, reason, changed_by, changed_at)
       VALUES ($1, 'normal', 'abnormal', '注册地址查无此户', $2, '2009-01-10T10:00:00+08:00'),
              ($1, 'abnormal', 'normal', '已补办涉税事项，解除非正常户', $2, '2009-02-15T10:00:00+08:00')`,
      [a.taxId, await registry.systemOfficer()],
    );
    const inputs = new AuditInputsFactory(db);
    const certificate = await insertDeviceCertificate(db, await createTestIssuingCa(db), { taxId: k.taxId });
    const copyCode = newInvoiceCode('4400', 3);
    const onlineCode = newInvoiceCode('1100', 3);
    for (const [i, period] of ['2008-06', '2008-09', '2008-12', '2009-02', '2009-03'].entries()) {
      const amount = `${(20000 + i * 7000).toFixed(2)}`;
      const taxAmount = `${((20000 + i * 7000) * 0.13).toFixed(2)}`;
      const invoiceNumber = String(i + 1).padStart(8, '0');
      const issueDate = `${period}-10`;
      await inputs.sellerCopy({
        invoiceCode: copyCode,
        invoiceNumber,
        sellerTaxId: a.taxId,
        buyerTaxId: b.taxId,
        issueDate,
        amount,
        taxAmount,
      });
      const bought = {
        invoiceCode: onlineCode,
        invoiceNumber,
        sellerTaxId: k.taxId,
        buyerTaxId: a.taxId,
        issueDate,
      };
      const half = {
        amount: `${(10000 + i * 3000).toFixed(2)}`,
        taxAmount: `${((10000 + i * 3000) * 0.13).toFixed(2)}`,
      };
      await inputs.onlineInvoice({
        ...bought,
        ...half,
        sellerName: k.name,
        buyerName: a.name,
        certificateSerial: certificate.serialNumber,
      });
      await inputs.claim({ ...bought, ...half, period });
    }

    // A ring: each member sells ¥1,000,000 to the next in three invoices, and the audit's
    // CIRCULAR_TRADING findings, one per member, with the ring in their details.
    ring = [
      await registry.taxpayer({ bureauCode: BUREAUS.tianhe }),
      await registry.taxpayer({ bureauCode: BUREAUS.tianhe }),
      await registry.taxpayer({ bureauCode: BUREAUS.dongcheng }),
    ];
    const ringCode = newInvoiceCode('4400', 3);
    const edges = [];
    for (const [i, seller] of ring.entries()) {
      const buyer = ring[(i + 1) % ring.length];
      const invoices = [];
      for (let n = 0; n < 3; n++) {
        const invoice = {
          invoiceCode: ringCode,
          invoiceNumber: String(100 + i * 10 + n).padStart(8, '0'),
          issueDate: `${RING_PERIOD}-${String(5 + n).padStart(2, '0')}`,
          amount: n === 0 ? '333334.00' : '333333.00',
          taxAmount: n === 0 ? '43333.42' : '43333.29',
        };
        await inputs.sellerCopy({ ...invoice, sellerTaxId: seller.taxId, buyerTaxId: buyer.taxId });
        invoices.push(invoice);
      }
      edges.push({
        sellerTaxId: seller.taxId,
        buyerTaxId: buyer.taxId,
        invoiceCount: 3,
        amount: '1000000.00',
        taxAmount: '130000.00',
        invoices,
      });
    }
    const cycle = ring.map((m) => ({ taxId: m.taxId, bureauCode: m.bureauCode }));
    for (const [i, member] of ring.entries()) {
      const found = await findings.finding({
        period: RING_PERIOD,
        seller: member,
        buyer: ring[(i + 1) % ring.length],
        category: 'CIRCULAR_TRADING',
        perTaxpayer: true,
        taxAtRisk: '130000.00',
        details: { cycleId: 'a1b2c3d4e5f60718', members: 3, cycle, edges, valueAdded: 0 },
      });
      if (i === 0) ringFinding = found;
    }

    // An affiliated trade: the seller sells ¥500,000 to the buyer in two invoices, and they share
    // a legal representative (王芳, her name typed with a space on the buyer's side), and 李强,
    // legal representative of the seller's 40 % shareholder company, is the buyer's finance
    // officer. The audit's AFFILIATED_TRADE finding, its trails as the rule writes them.
    affiliates = [
      await registry.taxpayer({ bureauCode: BUREAUS.tianhe }),
      await registry.taxpayer({ bureauCode: BUREAUS.dongcheng }),
      await registry.taxpayer({ bureauCode: BUREAUS.tianhe, name: '中间公司' }),
    ];
    const [seller, buyer, middle] = affiliates;
    const affiliationCode = newInvoiceCode('4400', 3);
    const tradeInvoices = [
      {
        invoiceNumber: '00000001',
        issueDate: `${AFFILIATION_PERIOD}-03`,
        amount: '300000.00',
        taxAmount: '39000.00',
      },
      {
        invoiceNumber: '00000002',
        issueDate: `${AFFILIATION_PERIOD}-17`,
        amount: '200000.00',
        taxAmount: '26000.00',
      },
    ].map((invoice) => ({ invoiceCode: affiliationCode, ...invoice }));
    for (const invoice of tradeInvoices) {
      await inputs.sellerCopy({ ...invoice, sellerTaxId: seller.taxId, buyerTaxId: buyer.taxId });
    }
    affiliationFinding = await findings.finding({
      period: AFFILIATION_PERIOD,
      seller,
      buyer,
      category: 'AFFILIATED_TRADE',
      perTaxpayer: true,
      taxAtRisk: '65000.00',
      details: {
        trails: [
          {
            node: personNode(WANG),
            seller: [
              {
                taxId: seller.taxId,
                role: 'legal_representative',
                name: '王芳',
                idNumber: maskResidentId(WANG),
              },
            ],
            buyer: [
              {
                taxId: buyer.taxId,
                role: 'legal_representative',
                name: '王 芳',
                idNumber: maskResidentId(WANG),
              },
            ],
          },
          {
            node: personNode(LI),
            seller: [
              {
                taxId: seller.taxId,
                role: 'shareholder',
                name: '中间公司',
                partyTaxId: middle.taxId,
                share: '0.4',
              },
              {
                taxId: middle.taxId,
                role: 'legal_representative',
                name: '李强',
                idNumber: maskResidentId(LI),
              },
            ],
            buyer: [
              { taxId: buyer.taxId, role: 'finance_officer', name: '李强', idNumber: maskResidentId(LI) },
            ],
          },
        ],
        trailCount: 2,
        invoiceCount: 2,
        amount: '500000.00',
        taxAmount: '65000.00',
        invoices: tradeInvoices,
        period: { from: `${AFFILIATION_PERIOD}-01`, to: `${AFFILIATION_PERIOD}-31` },
        thresholds: {
          maxHops: 2,
          minShare: 0.25,
          contacts: ['address', 'phone', 'bank_account'],
          minAmount: '0.00',
        },
      },
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    ({ context, page } = await newPage());
  });

  afterAll(async () => {
    try {
      await context?.close();
    } finally {
      try {
        await browser?.close();
      } finally {
        await app?.close();
      }
    }
  });

  it('serves the static files with a same-origin Content-Security-Policy', async () => {
    const server = app.getHttpServer();
    await request(server).get('/dashboard').expect(301).expect('Location', '/dashboard/');
    const index = await request(server)
      .get('/dashboard/')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.text).toContain('src="js/app.js"');
    await request(server)
      .get('/dashboard/js/app.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await request(server).get('/dashboard/no-such-file.js').expect(404);
    await request(server).get('/dashboard/tsconfig.json').expect(404);
    await request(server).get('/dashboard/app.css').expect(200).expect('Content-Type', /css/);
  });

  it('logs in through the form and shows the overview with the officer bureau and role', async () => {
    await logIn(page, national);
    expect(await page.locator('[data-testid=officer-role]').textContent()).toBe('管理员');
    expect(await page.locator('[data-testid=officer-bureau]').textContent()).toContain('国家税务总局');
    // The token is in sessionStorage, not in localStorage.
    expect(await page.evaluate<string | null>("sessionStorage.getItem('jinshui.token')")).toMatch(/^ey/);
    expect(await page.evaluate<string[]>('Object.keys(localStorage)')).not.toContain('jinshui.token');

    await page.goto(`${base}/dashboard/#/overview?period=${PERIOD}`);
    await page.locator(`[data-testid=overview][data-bureau="${BUREAUS.national}"]`).waitFor();
    expect(await page.locator('[data-testid=total-findings]').textContent()).toBe('3');
    expect(await page.locator('[data-testid=total-tax]').textContent()).toBe('¥2,520.00');
    expect(await page.locator('[data-testid=trend] g.bar').count()).toBe(12);
    await screenshot(page, 'overview.png');
  });

  it('drills down national → Guangdong → Guangzhou → Tianhe → a taxpayer', async () => {
    for (const code of [BUREAUS.guangdong, BUREAUS.guangzhou, BUREAUS.tianhe]) {
      await page.click(`tr[data-code="${code}"] td:nth-child(2)`);
      await page.locator(`[data-testid=overview][data-bureau="${code}"]`).waitFor();
      expect(page.url()).toContain(`bureau=${code}`);
    }
    expect(await page.locator('[data-testid=breadcrumbs] .crumb').count()).toBe(4);
    const named = page.locator(`tr[data-code="${b.taxId}"] td:first-child`);
    expect(await named.textContent()).toBe(b.name);
    expect(await named.locator('img').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    const row = page.locator(`tr[data-code="${a.taxId}"]`);
    expect(await row.getAttribute('data-level')).toBe('taxpayer');
    await row.locator('td:nth-child(2)').click();
    await page.locator('[data-testid=findings]').waitFor();
    expect(page.url()).toContain(`taxId=${a.taxId}`);
    await page.locator(`tr[data-finding="${mismatch.id}"]`).waitFor();
  });

  it('opens a finding and moves it to investigating with a comment; the case trail updates', async () => {
    await page.click(`tr[data-finding="${mismatch.id}"] td:nth-child(2)`);
    await page.locator(`[data-testid=finding][data-finding="${mismatch.id}"]`).waitFor();
    expect(
      await page
        .locator('[data-testid=compare] tr[data-differs=true]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field'))),
    ).toEqual(['amount', 'taxAmount']);
    expect(await page.locator('[data-testid=move-confirmed]').count()).toBe(0);

    // No comment: the page refuses before asking the API.
    await page.click('[data-testid=move-investigating]');
    expect(await page.locator('[data-testid=case-message]').textContent()).toBe('请填写处理意见');

    await page.fill('[data-testid=case-comment]', '已调取销方记账联，金额与抵扣联不符，待核实');
    await page.click('[data-testid=move-investigating]');
    await page.locator('[data-testid=move-confirmed]').waitFor();
    const trail = page.locator('[data-testid=case-trail] li');
    expect(await trail.count()).toBe(1);
    expect(await trail.locator('.comment').textContent()).toBe('已调取销方记账联，金额与抵扣联不符，待核实');
    expect(await page.locator('h1 [data-testid=status]').textContent()).toBe('调查中');
    expect(await page.locator('[data-testid=move-cleared]').count()).toBe(1);
    await screenshot(page, 'finding.png');

    const res = await request(app.getHttpServer())
      .get(`/v1/findings/${mismatch.id}`)
      .set('Authorization', `Bearer ${await login(app, national.username, national.password)}`)
      .expect(200);
    expect(res.body).toMatchObject({ status: 'investigating' });

    // Back to the list it came from, filters kept; the row shows the new status.
    await page.click('[data-testid=back]');
    await page.locator(`tr[data-finding="${mismatch.id}"]`).waitFor();
    expect(page.url()).toContain(`taxId=${a.taxId}`);
    expect(await page.locator(`tr[data-finding="${mismatch.id}"] [data-testid=status]`).textContent()).toBe(
      '调查中',
    );
  });

  it('pages the findings list with the server cursor and exports the filter as CSV', async () => {
    await page.goto(`${base}/dashboard/#/findings?period=${PERIOD}&bureauCode=${BUREAUS.futian}`);
    await page.locator('[data-testid=findings-results] tbody tr').first().waitFor();
    const rows = page.locator('[data-testid=findings-results] tbody tr');
    expect(await rows.count()).toBe(50);
    // Highest tax at risk first, as the API sorts.
    expect(await rows.first().getAttribute('data-finding')).toBe(futianFinding.id);
    await screenshot(page, 'findings.png', false);
    await page.click('[data-testid=next]');
    await page.locator('[data-testid=page]', { hasText: '第 2 页' }).waitFor();
    expect(await rows.count()).toBe(6);
    expect(await page.locator('[data-testid=next]').isDisabled()).toBe(true);
    await page.click('[data-testid=prev]');
    await page.locator('[data-testid=page]', { hasText: '第 1 页' }).waitFor();
    expect(await rows.first().getAttribute('data-finding')).toBe(futianFinding.id);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export-csv]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.trim().split(/\r\n/).length).toBe(57); // header + 56 rows
    expect(csv).toContain(futianFinding.invoiceNumber!);
  });

  it('ranks the taxpayers of the subtree by risk score, with the bureau filter', async () => {
    await page.click('[data-testid=nav-risk]');
    await page.locator('[data-testid=risk]').waitFor();
    await page.goto(`${base}/dashboard/#/risk?period=${PERIOD}`);
    await page.locator(`[data-testid=risk-results] tr[data-taxid="${a.taxId}"]`).waitFor();
    const rows = page.locator('[data-testid=risk-results] tbody tr');
    // Highest score first, ties (F2 and K, 30) by tax at risk, as the API ranks them.
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-taxid')))).toEqual([
      f2.taxId,
      k.taxId,
      a.taxId,
      b.taxId,
      f1.taxId,
    ]);
    expect(
      await rows
        .locator('[data-testid=score]')
        .evaluateAll((s) => s.map((x) => x.getAttribute('data-score'))),
    ).toEqual(['30', '30', '25', '5', '0']);
    const row = page.locator(`tr[data-taxid="${a.taxId}"]`);
    expect(
      await row.locator('.chip').evaluateAll((c) => c.map((x) => x.getAttribute('data-category'))),
    ).toEqual(['FIELD_MISMATCH', 'OVERSTATED_CLAIM']);
    expect(await row.locator('td').nth(5).textContent()).toBe('¥1,720.00');
    // The name with markup is text.
    expect(await page.locator(`tr[data-taxid="${b.taxId}"] a`).first().textContent()).toBe(b.name);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    expect(await page.locator('[data-testid=nav-risk]').getAttribute('class')).toBe('active');
    await screenshot(page, 'risk.png');

    await page.fill('[data-testid=filter-bureauCode]', BUREAUS.futian);
    await page.click('[data-testid=apply]');
    await page.locator('[data-testid=risk-results] tbody tr').first().waitFor();
    await page
      .locator(`[data-testid=risk-results] tr[data-taxid="${a.taxId}"]`)
      .waitFor({ state: 'detached' });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-taxid')))).toEqual([
      f2.taxId,
      f1.taxId,
    ]);
  });

  it('opens a taxpayer page: identity, score and parts, findings, and the 12-period trend', async () => {
    await page.goto(`${base}/dashboard/#/risk?period=${PERIOD}`);
    await page.click(`tr[data-taxid="${a.taxId}"] td:nth-child(3)`);
    await page.locator(`[data-testid=taxpayer][data-taxid="${a.taxId}"]`).waitFor();
    expect(page.url()).toContain(`#/taxpayers/${a.taxId}?period=${PERIOD}`);
    expect(await page.locator('[data-testid=industry]').textContent()).toBe('F5174 · 批发和零售业');
    expect(await page.locator('[data-testid=taxpayer-status]').textContent()).toBe('正常');
    expect(
      await page
        .locator('[data-testid=status-history] tbody tr td:nth-child(2)')
        .evaluateAll((cells) => cells.map((c) => c.textContent)),
    ).toEqual(['正常 → 非正常户', '非正常户 → 正常']);
    expect(
      await page.locator('[data-testid=taxpayer-score] [data-testid=score]').getAttribute('data-score'),
    ).toBe('25');
    expect(
      await page
        .locator('[data-testid=parts] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-category'))),
    ).toEqual(['OVERSTATED_CLAIM', 'FIELD_MISMATCH']);
    // The findings naming A, each leading to its finding page.
    await page.locator(`[data-testid=taxpayer-findings] tr[data-finding="${mismatch.id}"]`).waitFor();
    expect(await page.locator('[data-testid=taxpayer-findings] tbody tr').count()).toBe(3);
    // Twelve periods, issued and claimed side by side; nothing before the first copy.
    const groups = page.locator('[data-testid=taxpayer-trend] g.period');
    expect(await groups.count()).toBe(12);
    expect(await groups.first().getAttribute('data-period')).toBe('2008-04');
    const heights = (kind: string) =>
      page
        .locator(`[data-testid=taxpayer-trend] rect.${kind}`)
        .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height')) > 0));
    const active = [false, false, true, false, false, true, false, false, true, false, true, true];
    expect(await heights('issued')).toEqual(active);
    expect(await heights('claimed')).toEqual(active);
    await screenshot(page, 'taxpayer.png');

    await page.click(`[data-testid=taxpayer-findings] tr[data-finding="${mismatch.id}"] td:nth-child(2)`);
    await page.locator(`[data-testid=finding][data-finding="${mismatch.id}"]`).waitFor();
  });

  it("draws a taxpayer's invoice-flow graph with its ring highlighted, and lists a clicked edge", async () => {
    const [r1, r2] = ring;
    await page.goto(`${base}/dashboard/#/taxpayers/${r1.taxId}?period=${RING_PERIOD}`);
    const graph = page.locator('[data-testid=trade-graph][data-ready=true]');
    await graph.waitFor({ timeout: WAIT });
    // two hops reach the whole ring, and its three edges carry CIRCULAR_TRADING
    expect(await graph.getAttribute('data-ring-edges')).toBe('3');
    expect(
      await graph.evaluate((el) => (el as unknown as { cy: { nodes(): unknown[] } }).cy.nodes().length),
    ).toBe(3);
    // an officer's click on an edge, as cytoscape delivers it
    // (returns nothing: Playwright would serialise the cytoscape collection emit returns)
    await graph.evaluate((el, id) => {
      (el as unknown as { cy: { $id(id: string): { emit(e: string): void } } }).cy.$id(id).emit('tap');
    }, `${r1.taxId}>${r2.taxId}`);
    const edge = page.locator(`[data-testid=graph-edge][data-edge="${r1.taxId}>${r2.taxId}"]`);
    await edge.waitFor();
    expect(await edge.textContent()).toContain('1,000,000.00');
    await screenshot(page, 'taxpayer-graph.png');
  });

  it("draws a ring finding's ring and lists the invoices of a clicked edge", async () => {
    const [r1, r2] = ring;
    await page.goto(`${base}/dashboard/#/findings/${ringFinding.id}`);
    const graph = page.locator('[data-testid=trade-graph][data-ready=true]');
    await graph.waitFor({ timeout: WAIT });
    expect(await graph.getAttribute('data-ring-edges')).toBe('3');
    // (returns nothing: Playwright would serialise the cytoscape collection emit returns)
    await graph.evaluate((el, id) => {
      (el as unknown as { cy: { $id(id: string): { emit(e: string): void } } }).cy.$id(id).emit('tap');
    }, `${r1.taxId}>${r2.taxId}`);
    const rows = page.locator(`[data-testid=graph-edge][data-edge="${r1.taxId}>${r2.taxId}"] tbody tr`);
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    await screenshot(page, 'finding-ring.png');
  });

  it("draws an affiliated trade's seller, buyer and trails to their shared parties, and lists them as text", async () => {
    const [seller, buyer, middle] = affiliates;
    const trade = `${seller.taxId}>${buyer.taxId}`;
    const reviewer = await newPage();
    try {
      // a reviewer of the seller's bureau
      await logIn(reviewer.page, tianhe);
      await reviewer.page.goto(`${base}/dashboard/#/findings/${affiliationFinding.id}`);
      const graph = reviewer.page.locator(
        '[data-testid=affiliation] [data-testid=affiliation-graph][data-ready=true]',
      );
      await graph.waitFor({ timeout: WAIT });
      // seller, buyer, the company between the seller and 李强, and the two people
      expect(
        await graph.evaluate((el) => (el as unknown as { cy: { nodes(): unknown[] } }).cy.nodes().length),
      ).toBe(5);
      const drawn = async (attribute: string) =>
        ((await graph.getAttribute(attribute)) ?? '').split(' ').filter(Boolean).sort();
      expect(await drawn('data-trade-edges')).toEqual([trade]);
      expect(await drawn('data-trail-edges')).toEqual(
        [
          `legal_representative:${personNode(WANG)}>${seller.taxId}`,
          `legal_representative:${personNode(WANG)}>${buyer.taxId}`,
          `shareholder:${middle.taxId}>${seller.taxId}`,
          `legal_representative:${personNode(LI)}>${middle.taxId}`,
          `finance_officer:${personNode(LI)}>${buyer.taxId}`,
        ].sort(),
      );
      expect(await drawn('data-common-nodes')).toEqual([personNode(WANG), personNode(LI)].sort());

      // (returns nothing: Playwright would serialise the cytoscape collection emit returns)
      await graph.evaluate((el, id) => {
        (el as unknown as { cy: { $id(id: string): { emit(e: string): void } } }).cy.$id(id).emit('tap');
      }, trade);
      const rows = reviewer.page.locator(`[data-testid=graph-edge][data-edge="${trade}"] tbody tr`);
      await rows.first().waitFor();
      expect(await rows.allTextContents()).toEqual([
        expect.stringContaining('00000001'),
        expect.stringContaining('00000002'),
      ]);
      expect(await rows.first().textContent()).toContain('¥300,000.00');

      // the trails as text, hop by hop, with masked identity numbers
      const trails = reviewer.page.locator('[data-testid=affiliation-trails] > li');
      expect(await trails.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-node')))).toEqual([
        personNode(WANG),
        personNode(LI),
      ]);
      const [first, second] = await trails.allTextContents();
      expect(first).toContain(`共同关联方（自然人）：王芳 · ${maskResidentId(WANG)}`);
      expect(first).toContain(`${buyer.taxId} 的法定代表人：王 芳 · ${maskResidentId(WANG)}`);
      expect(second).toContain(
        `${seller.taxId} 的股东：中间公司 · ${middle.taxId} · 持股 40% → ` +
          `${middle.taxId} 的法定代表人：李强 · ${maskResidentId(LI)}`,
      );
      expect(second).toContain(`${buyer.taxId} 的财务负责人：李强 · ${maskResidentId(LI)}`);
      // never a full identity number, anywhere on the page (tax ids are 18 characters too)
      const text = (await reviewer.page.locator('[data-testid=finding]').textContent()) ?? '';
      expect(text).not.toContain(WANG);
      expect(text).not.toContain(LI);
      const withoutTaxIds = affiliates.reduce((acc, tp) => acc.split(tp.taxId).join(''), text);
      expect(withoutTaxIds).not.toMatch(/[0-9]{17}[0-9X]/);
      await screenshot(reviewer.page, 'finding-affiliation.png');
    } finally {
      await reviewer.context.close();
    }
  });

  it('says so where the drawing library does not load, and still lists the trails', async () => {
    const reviewer = await newPage();
    try {
      await reviewer.page.route('**/dashboard/vendor/**', (route) => route.abort());
      await logIn(reviewer.page, tianhe);
      await reviewer.page.goto(`${base}/dashboard/#/findings/${affiliationFinding.id}`);
      await reviewer.page.locator('[data-testid=affiliation] [data-testid=graph-unavailable]').waitFor();
      expect(await reviewer.page.locator('[data-testid=affiliation-trails] > li').count()).toBe(2);
    } finally {
      await reviewer.context.close();
    }
  });

  it('shows the assist inbox with the overdue mark, and the outbox tab', async () => {
    await page.click('[data-testid=nav-assists]');
    await page.locator('[data-testid=assists]').waitFor();
    await page.locator('[data-testid=assists-results] [data-testid=overdue]').first().waitFor();
    await screenshot(page, 'assists.png');
    await page.click('[data-testid=tab-outbox]');
    await page.locator('[data-testid=tab-outbox].active').waitFor();
    await page.locator('[data-testid=assists-results]').waitFor();
  });

  it('offers an ad-hoc audit to an admin (form and recent runs)', async () => {
    await page.click('[data-testid=nav-audit]');
    await page.locator('[data-testid=audit-form]').waitFor();
    expect(await page.locator('[data-testid=audit] table.grid tbody tr').count()).toBeGreaterThan(0);
  });

  it('a Tianhe district officer typing the URL of a Futian finding or a Dongcheng taxpayer gets not found', async () => {
    const other = await newPage();
    try {
      await logIn(other.page, tianhe);
      expect(await other.page.locator('[data-testid=officer-role]').textContent()).toBe('审核员');
      await other.page.goto(`${base}/dashboard/#/findings/${futianFinding.id}`);
      await other.page.locator('[data-testid=not-found]').waitFor();
      expect(await other.page.locator('[data-testid=finding]').count()).toBe(0);
      // Its own finding opens.
      await other.page.goto(`${base}/dashboard/#/findings/${mismatch.id}`);
      await other.page.locator(`[data-testid=finding][data-finding="${mismatch.id}"]`).waitFor();
      // The risk ranking holds Tianhe's taxpayers only; a Dongcheng taxpayer's page is not found.
      await other.page.goto(`${base}/dashboard/#/risk?period=${PERIOD}`);
      await other.page.locator(`[data-testid=risk-results] tr[data-taxid="${a.taxId}"]`).waitFor();
      expect(
        await other.page
          .locator('[data-testid=risk-results] tbody tr')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-taxid'))),
      ).toEqual([a.taxId, b.taxId]);
      await other.page.goto(`${base}/dashboard/#/taxpayers/${k.taxId}?period=${PERIOD}`);
      await other.page.locator('[data-testid=not-found]').waitFor();
      expect(await other.page.locator('[data-testid=taxpayer]').count()).toBe(0);
    } finally {
      await other.context.close();
    }
  });

  it('switches the language zh ↔ en and remembers it', async () => {
    const nav = page.locator('[data-testid=nav-overview]');
    expect(await nav.textContent()).toBe('概览');
    await page.click('[data-testid=lang-switch]');
    await page.locator('[data-testid=nav-overview]', { hasText: 'Overview' }).waitFor();
    expect(await page.locator('[data-testid=officer-role]').textContent()).toBe('Admin');
    expect(await page.locator('[data-testid=nav-risk]').textContent()).toBe('Risk');
    await page.reload();
    await page.locator('[data-testid=nav-overview]', { hasText: 'Overview' }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    await page.click('[data-testid=lang-switch]');
    await page.locator('[data-testid=nav-overview]', { hasText: '概览' }).waitFor();
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
