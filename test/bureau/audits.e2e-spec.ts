import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService } from '@app/audit-runs';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  fileSettings,
  login,
  newInvoiceCode,
  newNumberBlock,
  newTaxId,
  officerToken,
  RegistryFactory,
  TaxpayerFixture,
} from '@app/testing';
import { AuditInputsFactory } from '../factories/audit-inputs.factory';

/**
 * This file's settings (fileSettings): (An assignment at the top of the spec would not do:
 * imports are evaluated before the body of the module that imports them.) -
 * AUDIT_NIGHTLY=0: the audit worker booted in this test process does not register the
 * nightly repeatable job, so no nightly run of today's periods starts under the test. - A
 * bull prefix of this file's own (inside the run's prefix, so global teardown still removes
 * its keys): the in-process audit workers of other e2e files, which share the run's prefix,
 * must never take this file's partition jobs, and this file's worker must never take
 * theirs.
 */
const SETTINGS = fileSettings('audits', {
  AUDIT_NIGHTLY: '0',
});

/**
 * Ad-hoc audit runs through the bureau API, completed by a real audit worker booted in this
 * process (AuditAppModule on this file's own bull prefix). The audited data lives in a
 * period of its own, long past, because the database is shared with other test files that
 * write today's invoices: in Tianhe, one claim that overstates its seller copy's tax
 * (OVERSTATED_CLAIM, 20.00 at risk), one that matches, and a seller return that declares
 * 30.00 less output tax than was invoiced (UNDER_DECLARED beyond the 10.00 tolerance).
 */
const PERIOD = '2017-04';
const RUN_TIMEOUT = 120_000;

interface RunBody {
  runId: string;
  kind: string;
  status: string;
  period: string;
  scope: { bureauCode: string | null; taxIds: string[] | null };
  ruleSetVersion: number;
  parameters: { declarationTolerance: string; assistDueDays: number };
  publishes: boolean;
  dryRun: boolean;
  baselineRuleVersion: number | null;
  backtest: unknown;
  riskMs: number | null;
  progress: { partitionsDone: number; partitionsTotal: number; percent: number };
  counts: Record<string, number> | null;
  taxAtRisk: Record<string, string> | null;
  watermark: string;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/** Every category the Tianhe data gives, as a subtree or nationwide run counts them. */
const TIANHE_COUNTS = { OVERSTATED_CLAIM: 1, UNDER_DECLARED: 1, MATCHED: 1 };
const TIANHE_TAX_AT_RISK = { OVERSTATED_CLAIM: '20.00', UNDER_DECLARED: '30.00' };

describe('audit runs: POST /v1/audits, GET /v1/audits/{runId}, GET /v1/audits', () => {
  let bureau: INestApplication;
  let audit: INestApplication;
  let db: DataSource;
  let seller: TaxpayerFixture;
  let buyer: TaxpayerFixture;
  let futianTaxpayer: TaxpayerFixture;
  /** Bearer tokens by officer; ids by token. */
  const t = {} as Record<
    | 'admin'
    | 'tianheAuditor'
    | 'tianheReviewer'
    | 'gzAuditor'
    | 'gzReviewer'
    | 'yuexiuAuditor'
    | 'futianAuditor',
    string
  >;
  const ids = new Map<string, string>();

  const server = () => bureau.getHttpServer();
  const start = (token: string, body: object, headers: Record<string, string> = {}) =>
    request(server()).post('/v1/audits').set('Authorization', `Bearer ${token}`).set(headers).send(body);
  const read = (token: string, path: string) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);

  async function startRun(token: string, body: object): Promise<RunBody> {
    return (await start(token, body).expect(202)).body as RunBody;
  }

  /** Polls the run until it is completed or failed; never a timing assertion, only a hang guard. */
  async function waitForRun(token: string, runId: string): Promise<RunBody> {
    let last: RunBody | undefined;
    for (let attempt = 0; attempt < 1000; attempt++) {
      last = (await read(token, `/v1/audits/${runId}`).expect(200)).body as RunBody;
      if (last.status === 'completed' || last.status === 'failed') return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`audit run ${runId} did not finish: ${JSON.stringify(last)}`);
  }

  async function runsRequestedBy(token: string): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit.runs WHERE requested_by = $1`,
      [ids.get(token)],
    );
    return n;
  }

  beforeAll(async () => {
    bureau = await createTestApp(BureauAppModule.forRoot(SETTINGS));
    audit = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = bureau.get(DataSource);

    t.admin = await login(bureau, ADMIN.username, ADMIN.password);
    t.tianheAuditor = await officerToken(bureau, BUREAUS.tianhe, 'auditor');
    t.tianheReviewer = await officerToken(bureau, BUREAUS.tianhe, 'reviewer');
    t.gzAuditor = await officerToken(bureau, BUREAUS.guangzhou, 'auditor');
    t.gzReviewer = await officerToken(bureau, BUREAUS.guangzhou, 'reviewer');
    t.yuexiuAuditor = await officerToken(bureau, BUREAUS.yuexiu, 'auditor');
    t.futianAuditor = await officerToken(bureau, BUREAUS.futian, 'auditor');
    for (const token of Object.values(t)) {
      ids.set(token, ((await read(token, '/v1/users/me').expect(200)).body as { id: string }).id);
    }

    const registry = new RegistryFactory(db);
    seller = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    buyer = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    futianTaxpayer = await registry.taxpayer({ bureauCode: BUREAUS.futian });
    const inputs = new AuditInputsFactory(db);
    const invoiceCode = newInvoiceCode('4400', 3);
    const n = newNumberBlock();
    const copy = {
      invoiceCode,
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      issueDate: `${PERIOD}-10`,
      amount: '1000.00',
      taxAmount: '130.00',
    };
    await inputs.sellerCopy({ ...copy, invoiceNumber: n(1) });
    await inputs.claim({ ...copy, invoiceNumber: n(1), period: PERIOD, taxAmount: '150.00' });
    await inputs.sellerCopy({ ...copy, invoiceNumber: n(2) });
    await inputs.claim({ ...copy, invoiceNumber: n(2), period: PERIOD });
    await inputs.vatReturn(seller.taxId, PERIOD, '230.00');
  });

  afterAll(async () => {
    await audit?.close();
    await bureau?.close();
  });

  describe('starting a run', () => {
    it(
      'a city auditor audits a district of its subtree: 202 queued, then completed with counts and 100%',
      async () => {
        const requestId = `audits-e2e-${randomBytes(6).toString('hex')}`;
        const res = await start(
          t.gzAuditor,
          { period: PERIOD, bureauCode: BUREAUS.tianhe },
          { 'X-Request-Id': requestId },
        ).expect(202);
        const queued = res.body as RunBody;
        expect(queued).toMatchObject({
          runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          kind: 'on_demand',
          status: 'queued',
          period: PERIOD,
          scope: { bureauCode: BUREAUS.tianhe, taxIds: null },
          ruleSetVersion: expect.any(Number),
          parameters: { declarationTolerance: '10.00', assistDueDays: 30 },
          publishes: true,
          dryRun: false,
          baselineRuleVersion: null,
          backtest: null,
          riskMs: null,
          progress: { partitionsDone: 0, partitionsTotal: expect.any(Number), percent: 0 },
          counts: null,
          taxAtRisk: null,
          requestedBy: ids.get(t.gzAuditor),
          startedAt: null,
          finishedAt: null,
          error: null,
        });
        const [stored] = await db.query<{ request_id: string; requested_by: string; rule_version: number }[]>(
          `SELECT request_id, requested_by, rule_version FROM audit.runs WHERE id = $1`,
          [queued.runId],
        );
        // The active rule set's version (1 unless a test of rule sets has just activated another).
        expect(stored).toEqual({
          request_id: requestId,
          requested_by: ids.get(t.gzAuditor),
          rule_version: queued.ruleSetVersion,
        });

        const done = await waitForRun(t.gzAuditor, queued.runId);
        expect(done).toMatchObject({
          runId: queued.runId,
          status: 'completed',
          counts: TIANHE_COUNTS,
          taxAtRisk: TIANHE_TAX_AT_RISK,
          error: null,
        });
        const { partitionsTotal } = queued.progress;
        expect(done.progress).toEqual({ partitionsDone: partitionsTotal, partitionsTotal, percent: 100 });
        expect(Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
        expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
        expect(done.watermark).toBe(queued.watermark);
      },
      RUN_TIMEOUT,
    );

    it(
      "without bureauCode or taxIds, a run covers the officer's own bureau",
      async () => {
        const run = await startRun(t.tianheAuditor, { period: PERIOD });
        expect(run.scope).toEqual({ bureauCode: BUREAUS.tianhe, taxIds: null });
        const done = await waitForRun(t.tianheAuditor, run.runId);
        expect(done.counts).toEqual(TIANHE_COUNTS);
      },
      RUN_TIMEOUT,
    );

    it(
      "a national officer's run covers the whole country, asked for with or without the national bureau",
      async () => {
        const run = await startRun(t.admin, { period: PERIOD });
        const named = await startRun(t.admin, { period: PERIOD, bureauCode: BUREAUS.national });
        expect(run.scope).toEqual({ bureauCode: null, taxIds: null });
        expect(named.scope).toEqual({ bureauCode: null, taxIds: null });
        for (const r of [run, named]) {
          const done = await waitForRun(t.admin, r.runId);
          expect(done).toMatchObject({
            status: 'completed',
            counts: TIANHE_COUNTS,
            taxAtRisk: TIANHE_TAX_AT_RISK,
          });
        }
      },
      RUN_TIMEOUT,
    );

    it(
      'a run over taxpayers of the subtree judges their invoices as seller or buyer',
      async () => {
        const run = await startRun(t.tianheAuditor, { period: PERIOD, taxIds: [buyer.taxId, buyer.taxId] });
        expect(run.scope).toEqual({ bureauCode: null, taxIds: [buyer.taxId] });
        const done = await waitForRun(t.tianheAuditor, run.runId);
        // The seller's return is not judged: the seller is not in the scope.
        expect(done.counts).toEqual({ OVERSTATED_CLAIM: 1, MATCHED: 1 });
      },
      RUN_TIMEOUT,
    );

    it(
      'records the declaration tolerance and judges by it',
      async () => {
        const run = await startRun(t.tianheAuditor, { period: PERIOD, declarationTolerance: '50' });
        expect(run.parameters).toEqual({ declarationTolerance: '50.00', assistDueDays: 30 });
        // An auditor's own parameters make a trial run: reported, not the official findings.
        expect(run.publishes).toBe(false);
        const done = await waitForRun(t.tianheAuditor, run.runId);
        expect(done.counts).toEqual({ OVERSTATED_CLAIM: 1, MATCHED: 1 });
        const [{ events }] = await db.query<{ events: number }[]>(
          `SELECT count(*)::int AS events FROM audit.finding_events WHERE run_id = $1`,
          [run.runId],
        );
        expect(events).toBe(0);
      },
      RUN_TIMEOUT,
    );

    it('is refused to reviewers (403) and to callers without a token (401)', async () => {
      const before = await runsRequestedBy(t.tianheReviewer);
      const forbidden = await start(t.tianheReviewer, { period: PERIOD }).expect(403);
      expect(forbidden.body.code).toBe('ROLE_FORBIDDEN');
      const anonymous = await request(server()).post('/v1/audits').send({ period: PERIOD }).expect(401);
      expect(anonymous.body.code).toBe('UNAUTHENTICATED');
      expect(await runsRequestedBy(t.tianheReviewer)).toBe(before);
    });

    const refused: [string, number, string, () => object][] = [
      [
        'a bureau outside the subtree (cousin)',
        404,
        'BUREAU_NOT_FOUND',
        () => ({ period: PERIOD, bureauCode: BUREAUS.futian }),
      ],
      [
        'a bureau outside the subtree (parent)',
        404,
        'BUREAU_NOT_FOUND',
        () => ({ period: PERIOD, bureauCode: BUREAUS.guangzhou }),
      ],
      [
        'a bureau that does not exist',
        404,
        'BUREAU_NOT_FOUND',
        () => ({ period: PERIOD, bureauCode: '14401990000' }),
      ],
      [
        'a taxpayer outside the subtree',
        404,
        'TAXPAYER_NOT_FOUND',
        () => ({ period: PERIOD, taxIds: [buyer.taxId, futianTaxpayer.taxId] }),
      ],
      [
        'a taxpayer not registered',
        404,
        'TAXPAYER_NOT_FOUND',
        () => ({ period: PERIOD, taxIds: [newTaxId('440106')] }),
      ],
      [
        'both bureauCode and taxIds',
        400,
        'AUDIT_SCOPE_AMBIGUOUS',
        () => ({ period: PERIOD, bureauCode: BUREAUS.tianhe, taxIds: [buyer.taxId] }),
      ],
      ['an empty taxIds', 400, 'AUDIT_SCOPE_INVALID', () => ({ period: PERIOD, taxIds: [] })],
      ['taxIds not a list', 400, 'AUDIT_SCOPE_INVALID', () => ({ period: PERIOD, taxIds: seller.taxId })],
      ['a malformed tax ID', 400, 'TAX_ID_INVALID', () => ({ period: PERIOD, taxIds: ['91440106ABC'] })],
      [
        'a malformed bureau code',
        400,
        'BUREAU_CODE_INVALID',
        () => ({ period: PERIOD, bureauCode: '4401060000' }),
      ],
      ['no period', 400, 'PERIOD_INVALID', () => ({ bureauCode: BUREAUS.tianhe })],
      ['month 13', 400, 'PERIOD_INVALID', () => ({ period: '2017-13' })],
      ['a period without a dash', 400, 'PERIOD_INVALID', () => ({ period: '201704' })],
      ['a period as a JSON number', 400, 'PERIOD_INVALID', () => ({ period: 201704 })],
      ['a future period', 422, 'AUDIT_PERIOD_IN_FUTURE', () => ({ period: '2999-01' })],
      [
        'a tolerance with 3 decimals',
        400,
        'MONEY_INVALID',
        () => ({ period: PERIOD, declarationTolerance: '1.005' }),
      ],
      [
        'a tolerance as a JSON number',
        400,
        'MONEY_INVALID',
        () => ({ period: PERIOD, declarationTolerance: 10 }),
      ],
      [
        'a negative tolerance',
        400,
        'MONEY_INVALID',
        () => ({ period: PERIOD, declarationTolerance: '-1.00' }),
      ],
      ['an unknown field', 400, 'UNKNOWN_FIELD', () => ({ period: PERIOD, scope: 'all' })],
    ];
    it.each(refused)('refuses %s (%i %s) and records no run', async (_name, status, code, body) => {
      const before = await runsRequestedBy(t.tianheAuditor);
      const res = await start(t.tianheAuditor, body()).expect(status);
      expect(res.body.code).toBe(code);
      expect(await runsRequestedBy(t.tianheAuditor)).toBe(before);
    });

    it('names the taxpayers it does not find in the jurisdiction', async () => {
      const unknown = newTaxId('440106');
      const res = await start(t.tianheAuditor, {
        period: PERIOD,
        taxIds: [buyer.taxId, futianTaxpayer.taxId, unknown],
      }).expect(404);
      const missing = [futianTaxpayer.taxId, unknown].sort();
      expect(res.body.message).toContain(missing[0]);
      expect(res.body.details).toEqual({ taxIds: missing });
    });

    it(
      'replays the first answer for the same Idempotency-Key and body, and records one run',
      async () => {
        const auditor = await officerToken(bureau, BUREAUS.tianhe, 'auditor');
        ids.set(auditor, ((await read(auditor, '/v1/users/me').expect(200)).body as { id: string }).id);
        const key = randomBytes(8).toString('hex');
        const first = await start(auditor, { period: PERIOD }, { 'Idempotency-Key': key }).expect(202);
        const again = await start(auditor, { period: PERIOD }, { 'Idempotency-Key': key }).expect(202);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.body).toEqual(first.body);
        expect(await runsRequestedBy(auditor)).toBe(1);
        const other = await start(auditor, { period: '2017-03' }, { 'Idempotency-Key': key }).expect(422);
        expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
        expect(await runsRequestedBy(auditor)).toBe(1);
        await waitForRun(auditor, (first.body as RunBody).runId);
      },
      RUN_TIMEOUT,
    );
  });

  describe('reading a run', () => {
    it(
      'shows a run to its bureau and the bureaus above it, and to no sibling or cousin',
      async () => {
        const run = await startRun(t.tianheAuditor, { period: PERIOD });
        await waitForRun(t.tianheAuditor, run.runId);
        for (const token of [t.tianheReviewer, t.gzReviewer, t.gzAuditor, t.admin]) {
          await read(token, `/v1/audits/${run.runId}`).expect(200);
        }
        for (const token of [t.yuexiuAuditor, t.futianAuditor]) {
          const res = await read(token, `/v1/audits/${run.runId}`).expect(404);
          expect(res.body.code).toBe('AUDIT_RUN_NOT_FOUND');
        }
      },
      RUN_TIMEOUT,
    );

    it(
      'shows a run over taxpayers to the subtree of the officer who started it',
      async () => {
        const run = await startRun(t.tianheAuditor, { period: PERIOD, taxIds: [seller.taxId] });
        await waitForRun(t.tianheAuditor, run.runId);
        await read(t.tianheReviewer, `/v1/audits/${run.runId}`).expect(200);
        await read(t.gzReviewer, `/v1/audits/${run.runId}`).expect(200);
        await read(t.yuexiuAuditor, `/v1/audits/${run.runId}`).expect(404);
      },
      RUN_TIMEOUT,
    );

    it(
      'shows nationwide runs, nightly ones included, to the national tier only',
      async () => {
        const national = await startRun(t.admin, { period: PERIOD });
        const nightly = await audit
          .get(AuditRunLauncherService)
          .start({ period: PERIOD }, { kind: 'nightly', triggerKey: `test-nightly:${randomUUID()}` });
        for (const runId of [national.runId, nightly!.id]) {
          const done = await waitForRun(t.admin, runId);
          expect(done.counts).toEqual(TIANHE_COUNTS);
          await read(t.gzAuditor, `/v1/audits/${runId}`).expect(404);
          await read(t.tianheAuditor, `/v1/audits/${runId}`).expect(404);
        }
        const listed = await read(t.admin, `/v1/audits?period=${PERIOD}&kind=nightly`).expect(200);
        expect(listed.body.items.map((r: RunBody) => r.runId)).toContain(nightly!.id);
        expect(listed.body.items.every((r: RunBody) => r.kind === 'nightly')).toBe(true);
        const gz = await read(t.gzAuditor, `/v1/audits?period=${PERIOD}&kind=nightly`).expect(200);
        expect(gz.body).toEqual({ items: [], nextCursor: null });
      },
      RUN_TIMEOUT,
    );

    it('answers a malformed run id with 400 and an unknown one with 404', async () => {
      const bad = await read(t.admin, '/v1/audits/not-a-uuid').expect(400);
      expect(bad.body.code).toBe('AUDIT_RUN_ID_INVALID');
      const unknown = await read(t.admin, `/v1/audits/${randomUUID()}`).expect(404);
      expect(unknown.body.code).toBe('AUDIT_RUN_NOT_FOUND');
    });
  });

  describe('listing runs', () => {
    it(
      'pages through the runs visible to the caller, newest first, and filters them',
      async () => {
        const auditor = await officerToken(bureau, BUREAUS.yuexiu, 'auditor');
        const started: string[] = [];
        for (let i = 0; i < 3; i++) started.push((await startRun(auditor, { period: PERIOD })).runId);
        for (const runId of started) await waitForRun(auditor, runId);
        const newestFirst = [...started].reverse();

        const page1 = await read(auditor, `/v1/audits?period=${PERIOD}&limit=2`).expect(200);
        expect(page1.body.items.map((r: RunBody) => r.runId)).toEqual(newestFirst.slice(0, 2));
        expect(page1.body.nextCursor).toEqual(expect.any(String));
        const page2 = await read(
          auditor,
          `/v1/audits?period=${PERIOD}&limit=2&cursor=${page1.body.nextCursor}`,
        ).expect(200);
        expect(page2.body).toEqual({
          items: [expect.objectContaining({ runId: newestFirst[2] })],
          nextCursor: null,
        });

        const completed = await read(auditor, `/v1/audits?period=${PERIOD}&status=completed`).expect(200);
        expect(completed.body.items.map((r: RunBody) => r.runId)).toEqual(newestFirst);
        const queued = await read(auditor, `/v1/audits?period=${PERIOD}&status=queued`).expect(200);
        expect(queued.body.items).toEqual([]);
        const onDemand = await read(auditor, `/v1/audits?period=${PERIOD}&kind=on_demand`).expect(200);
        expect(onDemand.body.items).toHaveLength(3);
        const otherPeriod = await read(auditor, '/v1/audits?period=2017-05').expect(200);
        expect(otherPeriod.body.items).toEqual([]);

        // A sibling district sees none of them; the city above sees them all.
        const tianhe = await read(t.tianheAuditor, `/v1/audits?period=${PERIOD}&limit=500`).expect(200);
        const tianheRuns = tianhe.body.items.map((r: RunBody) => r.runId);
        expect(tianheRuns.length).toBeGreaterThan(0);
        for (const runId of started) expect(tianheRuns).not.toContain(runId);
        const gz = await read(t.gzReviewer, `/v1/audits?period=${PERIOD}&limit=500`).expect(200);
        expect(gz.body.items.map((r: RunBody) => r.runId)).toEqual(expect.arrayContaining(started));
        expect(gz.body.items.some((r: RunBody) => r.scope.bureauCode === BUREAUS.tianhe)).toBe(true);
      },
      RUN_TIMEOUT,
    );

    it.each([
      ['cursor=not-a-cursor', 'CURSOR_INVALID'],
      ['period=2017-4', 'PERIOD_INVALID'],
      ['status=finalizing', 'VALIDATION_FAILED'],
      ['kind=weekly', 'VALIDATION_FAILED'],
      ['limit=0', 'VALIDATION_FAILED'],
      ['runId=x', 'UNKNOWN_FIELD'],
    ])('refuses ?%s with 400 %s', async (query, code) => {
      const res = await read(t.tianheAuditor, `/v1/audits?${query}`).expect(400);
      expect(res.body.code).toBe(code);
    });
  });

  it('documents the routes in OpenAPI', async () => {
    const spec = (await request(server()).get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary?: string;
            responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
          }
        >
      >;
    };
    for (const [method, path, status, schema] of [
      ['post', '/v1/audits', '202', 'AuditRunDto'],
      ['get', '/v1/audits', '200', 'AuditRunPageDto'],
      ['get', '/v1/audits/{runId}', '200', 'AuditRunDto'],
    ]) {
      const op = spec.paths[path]?.[method];
      expect(op?.summary).toEqual(expect.any(String));
      expect(op.responses[status].content?.['application/json'].schema?.$ref).toBe(
        `#/components/schemas/${schema}`,
      );
    }
  });
});
