import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_RULE_SET, type RuleSetParameters } from '@app/domain';
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
  officerToken,
  ownDatabaseUrl,
  RegistryFactory,
} from '@app/testing';
import { AuditInputsFactory } from '../factories/audit-inputs.factory';
import { dropDatabase, migrate } from '../../scripts/migrate';

/**
 * This file's settings (fileSettings): no nightly schedule in the in-process audit worker,
 * which takes only this file's runs (its bull prefix). And a database of its own (the run's
 * name, suffixed; made and dropped by the file): it activates other rule-set versions, and
 * the active version is the installation's — an audit run of another file started meanwhile
 * would judge by it.
 */
const SETTINGS = fileSettings('rule-sets', {
  AUDIT_NIGHTLY: '0',
  DATABASE_URL: ownDatabaseUrl('_rulesets'),
});

/**
 * Rule sets (GET/POST /v1/rule-sets, POST /v1/rule-sets/{version}/activate) and back-tests
 * (POST /v1/audits with dryRun), with a real audit worker booted in this process on this
 * file's own bull prefix. Periods of its own: 2006-03 has a claim matched by its seller
 * copy in Tianhe, whose seller declares 5.00 less output tax than it invoiced; 2006-04 has
 * nothing at all.
 *
 * The active version is one for the whole installation: this file has a database of its own
 * (SETTINGS), so activating a version here cannot change what another file's runs
 * judge by; the test that activates one still puts the previous one back.
 */
const PERIOD = '2006-03';
const EMPTY_PERIOD = '2006-04';
const RUN_TIMEOUT = 120_000;

interface RuleSetBody {
  version: number;
  active: boolean;
  description: string | null;
  parameters: RuleSetParameters;
  createdBy: string | null;
  createdAt: string;
  activatedBy: string | null;
  activatedAt: string | null;
}

interface RunBody {
  runId: string;
  status: string;
  riskMs: number | null;
  ruleSetVersion: number;
  publishes: boolean;
  dryRun: boolean;
  baselineRuleVersion: number | null;
  backtest: { candidateVersion: number; baselineVersion: number } | null;
}

describe('rule sets: /v1/rule-sets, and back-tests by POST /v1/audits {dryRun}', () => {
  let bureau: INestApplication;
  let audit: INestApplication;
  let db: DataSource;
  const t = {} as Record<
    'admin' | 'provinceAdmin' | 'nationalAuditor' | 'nationalReviewer' | 'tianheAuditor' | 'tianheReviewer',
    string
  >;
  let adminId: string;
  /** Tells this file's versions from those other files add meanwhile. */
  const tag = `rule-sets-e2e-${randomBytes(4).toString('hex')}`;

  const server = () => bureau.getHttpServer();
  const get = (token: string, path: string) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);
  const post = (token: string, path: string, body: object = {}, headers: Record<string, string> = {}) =>
    request(server()).post(path).set('Authorization', `Bearer ${token}`).set(headers).send(body);

  async function create(body: object): Promise<RuleSetBody> {
    return (await post(t.admin, '/v1/rule-sets', { description: tag, ...body }).expect(201))
      .body as RuleSetBody;
  }

  async function active(): Promise<RuleSetBody> {
    const all = (await get(t.admin, '/v1/rule-sets?limit=500').expect(200)).body.items as RuleSetBody[];
    const actives = all.filter((r) => r.active);
    expect(actives).toHaveLength(1);
    return actives[0];
  }

  const taggedVersions = async (): Promise<number> => {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit.rule_sets WHERE description LIKE $1 || '%'`,
      [tag],
    );
    return n;
  };

  const runsOf = async (period: string): Promise<number> => {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit.runs WHERE period = $1`,
      [period],
    );
    return n;
  };

  async function waitForRun(runId: string): Promise<RunBody> {
    let last: RunBody | undefined;
    for (let attempt = 0; attempt < 1000; attempt++) {
      last = (await get(t.admin, `/v1/audits/${runId}`).expect(200)).body as RunBody;
      if (last.status === 'completed' || last.status === 'failed') return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`audit run ${runId} did not finish: ${JSON.stringify(last)}`);
  }

  beforeAll(async () => {
    await migrate(SETTINGS.DATABASE_URL);
    bureau = await createTestApp(BureauAppModule.forRoot(SETTINGS));
    audit = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = bureau.get(DataSource);
    t.admin = await login(bureau, ADMIN.username, ADMIN.password);
    t.provinceAdmin = await officerToken(bureau, BUREAUS.guangdong, 'admin');
    t.nationalAuditor = await officerToken(bureau, BUREAUS.national, 'auditor');
    t.nationalReviewer = await officerToken(bureau, BUREAUS.national, 'reviewer');
    t.tianheAuditor = await officerToken(bureau, BUREAUS.tianhe, 'auditor');
    t.tianheReviewer = await officerToken(bureau, BUREAUS.tianhe, 'reviewer');
    adminId = ((await get(t.admin, '/v1/users/me').expect(200)).body as { id: string }).id;

    const registry = new RegistryFactory(db);
    const seller = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    const buyer = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    const n = newNumberBlock();
    const copy = {
      invoiceCode: newInvoiceCode('4400', 3),
      invoiceNumber: n(1),
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      issueDate: `${PERIOD}-10`,
      amount: '1000.00',
      taxAmount: '130.00',
    };
    const inputs = new AuditInputsFactory(db);
    await inputs.sellerCopy(copy);
    await inputs.claim({ ...copy, period: PERIOD });
    // 5.00 less output tax declared than invoiced: within the default tolerance (10.00).
    await inputs.vatReturn(seller.taxId, PERIOD, '125.00');
  });

  afterAll(async () => {
    await audit?.close();
    await bureau?.close();
    if (process.env.KEEP_TEST_DB !== '1') await dropDatabase(SETTINGS.DATABASE_URL);
  });

  describe('reading', () => {
    it('lists versions newest first in cursor pages, to any officer', async () => {
      const first = await create({ parameters: {} });
      const second = await create({ parameters: {} });
      const page = (await get(t.tianheReviewer, '/v1/rule-sets?limit=1').expect(200)).body;
      expect(page.items).toHaveLength(1);
      expect(page.items[0].version).toBeGreaterThanOrEqual(second.version);
      const all: number[] = [];
      for (let cursor: string | null = null, pages = 0; pages < 1000; pages++) {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const res = (await get(t.tianheReviewer, `/v1/rule-sets${query}`).expect(200)).body;
        all.push(...(res.items as RuleSetBody[]).map((r) => r.version));
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      expect(all).toEqual([...all].sort((a, b) => b - a));
      expect(all).toEqual(expect.arrayContaining([1, first.version, second.version]));
      expect(new Set(all).size).toBe(all.length);
    });

    it('shows one version with every parameter; version 1 holds the defaults', async () => {
      const one = (await get(t.tianheAuditor, '/v1/rule-sets/1').expect(200)).body as RuleSetBody;
      expect(one).toMatchObject({ version: 1, parameters: DEFAULT_RULE_SET, createdBy: null });
    });

    it.each([
      ['a word', 'abc', 400, 'RULE_SET_VERSION_INVALID'],
      ['a fraction', '1.5', 400, 'RULE_SET_VERSION_INVALID'],
      ['zero', '0', 400, 'RULE_SET_VERSION_INVALID'],
      ['fullwidth digits', '%EF%BC%91', 400, 'RULE_SET_VERSION_INVALID'],
      ['beyond an integer', '99999999999', 400, 'RULE_SET_VERSION_INVALID'],
      ['a version that does not exist', '999999999', 404, 'RULE_SET_NOT_FOUND'],
    ])('answers %s with %i %s', async (_name, version, status, code) => {
      const res = await get(t.tianheReviewer, `/v1/rule-sets/${version}`).expect(status);
      expect(res.body.code).toBe(code);
    });
  });

  describe('creating', () => {
    it('adds an inactive version: the changes laid over basedOn, recorded with the admin', async () => {
      const base = await create({
        basedOn: 1,
        description: `${tag} base`,
        parameters: { capEdge: { minShare: 0.5 }, declarationTolerance: '20' },
      });
      expect(base).toMatchObject({
        active: false,
        description: `${tag} base`,
        createdBy: adminId,
        activatedBy: null,
        activatedAt: null,
        parameters: {
          ...DEFAULT_RULE_SET,
          declarationTolerance: '20.00',
          capEdge: { ...DEFAULT_RULE_SET.capEdge, minShare: 0.5 },
        },
      });
      const next = await create({
        basedOn: base.version,
        parameters: { weights: { CAP_EDGE_ISSUANCE: { perFinding: 30 } } },
      });
      expect(next.version).toBeGreaterThan(base.version);
      expect(next.parameters).toEqual({
        ...base.parameters,
        weights: { ...DEFAULT_RULE_SET.weights, CAP_EDGE_ISSUANCE: { perFinding: 30, max: 25 } },
      });
      const stored = (await get(t.tianheReviewer, `/v1/rule-sets/${next.version}`).expect(200)).body;
      expect(stored).toEqual(next);
    });

    it('starts from the active version by default', async () => {
      const current = await active();
      const copy = await create({ parameters: {} });
      expect(copy.parameters).toEqual(current.parameters);
    });

    it('replays the first answer for the same Idempotency-Key and body', async () => {
      const key = randomBytes(8).toString('hex');
      const body = { description: `${tag} idempotent`, parameters: { assistDueDays: 45 } };
      const first = await post(t.admin, '/v1/rule-sets', body, { 'Idempotency-Key': key }).expect(201);
      const again = await post(t.admin, '/v1/rule-sets', body, { 'Idempotency-Key': key }).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit.rule_sets WHERE description = $1`,
        [body.description],
      );
      expect(n).toBe(1);
    });

    it.each([
      [
        'an unknown parameter',
        { capEdge: { minShares: 0.5 } },
        'RULE_SET_PARAMETER_UNKNOWN',
        { parameter: 'capEdge.minShares' },
      ],
      [
        'an unknown weight category',
        { weights: { MATCHED: { perFinding: 1 } } },
        'RULE_SET_PARAMETER_UNKNOWN',
        { parameter: 'weights.MATCHED' },
      ],
      [
        'a string for a number',
        { assistDueDays: '30' },
        'RULE_SET_PARAMETER_INVALID',
        { parameter: 'assistDueDays' },
      ],
      [
        'a number for money',
        { newEntityBurst: { minAmount: 5000000 } },
        'RULE_SET_PARAMETER_INVALID',
        { parameter: 'newEntityBurst.minAmount' },
      ],
      ['a fraction for an integer', { assistDueDays: 1.5 }, 'RULE_SET_PARAMETER_INVALID', {}],
      ['a value for a group', { capEdge: 5 }, 'RULE_SET_PARAMETER_INVALID', { parameter: 'capEdge' }],
      ['a parameters key inside parameters', { parameters: {} }, 'RULE_SET_PARAMETER_UNKNOWN', {}],
      [
        'a share above 1',
        { capEdge: { minShare: 1.5 } },
        'RULE_SET_PARAMETER_OUT_OF_RANGE',
        { parameter: 'capEdge.minShare', value: 1.5, min: 0, max: 1 },
      ],
      [
        'a weight above 100',
        { weights: { FORGED: { max: 101 } } },
        'RULE_SET_PARAMETER_OUT_OF_RANGE',
        { parameter: 'weights.FORGED.max' },
      ],
      [
        'an industry section that does not exist',
        { goodsDivergence: { industrySections: ['F', 'Z'] } },
        'RULE_SET_PARAMETER_INVALID',
        { parameter: 'goodsDivergence.industrySections[1]' },
      ],
      [
        'no abnormal-input category',
        { abnormalInputShare: { categories: [] } },
        'RULE_SET_PARAMETER_OUT_OF_RANGE',
        {},
      ],
    ])(
      'refuses %s (parameters %j) with 400 %s and adds no version',
      async (_name, parameters, code, details) => {
        const before = await taggedVersions();
        const res = await post(t.admin, '/v1/rule-sets', {
          description: `${tag} refused`,
          parameters,
        }).expect(400);
        expect(res.body.code).toBe(code);
        expect(res.body.details).toMatchObject(details);
        expect(typeof res.body.message).toBe('string');
        expect(await taggedVersions()).toBe(before);
      },
    );

    it('refuses "__proto__" and "constructor" keys (400 PROTOTYPE_JSON_KEY), as every route does, and creates nothing', async () => {
      for (const [json, key] of [
        ['{"__proto__": {"assistDueDays": 40}}', '__proto__'],
        ['{"capEdge": {"constructor": {"x": 1}}}', 'constructor'],
      ]) {
        const before = await taggedVersions();
        const res = await post(t.admin, '/v1/rule-sets', {
          description: `${tag} prototype key`,
          basedOn: 1,
          parameters: JSON.parse(json) as object,
        }).expect(400);
        expect(res.body).toMatchObject({ code: 'PROTOTYPE_JSON_KEY', details: { key } });
        expect(await taggedVersions()).toEqual(before);
      }
    });

    it.each([
      ['no parameters', {}, 400, 'RULE_SET_PARAMETER_INVALID'],
      ['parameters as a list', { parameters: [] }, 400, 'RULE_SET_PARAMETER_INVALID'],
      [
        'a description over 500 characters',
        { description: `${tag} ${'x'.repeat(500)}`, parameters: {} },
        400,
        'VALIDATION_FAILED',
      ],
      ['basedOn not an integer', { basedOn: '1', parameters: {} }, 400, 'VALIDATION_FAILED'],
      [
        'basedOn a version that does not exist',
        { basedOn: 999999999, parameters: {} },
        404,
        'RULE_SET_NOT_FOUND',
      ],
      ['an unknown field', { parameters: {}, active: true }, 400, 'UNKNOWN_FIELD'],
    ])('refuses %s (%i %s)', async (_name, body, status, code) => {
      const before = await taggedVersions();
      const res = await post(t.admin, '/v1/rule-sets', { description: `${tag} refused`, ...body }).expect(
        status,
      );
      expect(res.body.code).toBe(code);
      expect(await taggedVersions()).toBe(before);
    });

    it('is refused (403) to a province admin and to national auditors and reviewers; nothing changes', async () => {
      const target = await create({ parameters: {} });
      const before = await taggedVersions();
      const activeBefore = await active();
      const body = { description: `${tag} forbidden`, parameters: {} };
      const refusals: [string, string][] = [
        [t.provinceAdmin, 'NATIONAL_TIER_ONLY'],
        [t.nationalAuditor, 'ROLE_FORBIDDEN'],
        [t.nationalReviewer, 'ROLE_FORBIDDEN'],
      ];
      for (const [token, code] of refusals) {
        expect((await post(token, '/v1/rule-sets', body).expect(403)).body.code).toBe(code);
        const activation = await post(token, `/v1/rule-sets/${target.version}/activate`).expect(403);
        expect(activation.body.code).toBe(code);
      }
      expect(await taggedVersions()).toBe(before);
      expect((await active()).version).toBe(activeBefore.version);
    });
  });

  describe('activating', () => {
    it(
      'switches the active version, which the next audit run records; runs before keep theirs',
      async () => {
        const previous = await active();
        const candidate = await create({ parameters: { assistDueDays: 31 } });
        const before = (await post(t.nationalAuditor, '/v1/audits', { period: EMPTY_PERIOD }).expect(202))
          .body as RunBody;
        try {
          const res = await post(t.admin, `/v1/rule-sets/${candidate.version}/activate`).expect(200);
          expect(res.body).toMatchObject({ version: candidate.version, active: true, activatedBy: adminId });
          expect((await active()).version).toBe(candidate.version);
          const again = await post(t.admin, `/v1/rule-sets/${candidate.version}/activate`).expect(200);
          expect(again.body.activatedAt).toBe(res.body.activatedAt);

          const run = (await post(t.nationalAuditor, '/v1/audits', { period: EMPTY_PERIOD }).expect(202))
            .body as RunBody;
          const shown = (await get(t.nationalAuditor, `/v1/audits/${run.runId}`).expect(200)).body as RunBody;
          expect(shown).toMatchObject({ ruleSetVersion: candidate.version, dryRun: false, publishes: true });
          const [{ parameters }] = await db.query<{ parameters: RuleSetParameters }[]>(
            `SELECT parameters FROM audit.runs WHERE id = $1`,
            [run.runId],
          );
          expect(parameters.assistDueDays).toBe(31);
          expect((await get(t.admin, `/v1/audits/${before.runId}`).expect(200)).body.ruleSetVersion).toBe(
            previous.version,
          );
          await waitForRun(run.runId);
        } finally {
          await post(t.admin, `/v1/rule-sets/${previous.version}/activate`).expect(200);
        }
        expect((await active()).version).toBe(previous.version);
        await waitForRun(before.runId);
      },
      RUN_TIMEOUT,
    );

    it('answers an unknown version with 404 and a malformed one with 400', async () => {
      const missing = await post(t.admin, '/v1/rule-sets/999999999/activate').expect(404);
      expect(missing.body.code).toBe('RULE_SET_NOT_FOUND');
      const malformed = await post(t.admin, '/v1/rule-sets/one/activate').expect(400);
      expect(malformed.body.code).toBe('RULE_SET_VERSION_INVALID');
    });
  });

  describe('back-testing: POST /v1/audits {ruleSetVersion, dryRun: true}', () => {
    let candidate: RuleSetBody;

    beforeAll(async () => {
      candidate = await create({
        description: `${tag} candidate`,
        parameters: { declarationTolerance: '0' },
      });
    });

    it(
      'runs the candidate next to the active version and publishes nothing',
      async () => {
        const findings = async (): Promise<number> => {
          const [{ n }] = await db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM audit.findings WHERE period = $1`,
            [PERIOD],
          );
          return n;
        };
        const findingsBefore = await findings();
        const current = await active();
        const res = await post(t.tianheAuditor, '/v1/audits', {
          period: PERIOD,
          ruleSetVersion: candidate.version,
          dryRun: true,
        }).expect(202);
        expect(res.body).toMatchObject({
          status: 'queued',
          ruleSetVersion: candidate.version,
          dryRun: true,
          publishes: false,
          baselineRuleVersion: current.version,
          backtest: null,
        });
        const done = await waitForRun((res.body as RunBody).runId);
        expect(done).toMatchObject({ status: 'completed', dryRun: true, publishes: false });
        // With no tolerance, the candidate finds the 5.00 the active version lets pass.
        expect(done.backtest).toMatchObject({
          candidateVersion: candidate.version,
          baselineVersion: current.version,
          categories: {
            UNDER_DECLARED: {
              candidate: { findings: 1 },
              baseline: { findings: 0 },
              appear: 1,
              disappear: 0,
            },
          },
        });
        expect(done.riskMs).toEqual(expect.any(Number));
        expect(await findings()).toBe(findingsBefore);
      },
      RUN_TIMEOUT,
    );

    const refused: [string, number, string, () => object][] = [
      [
        'ruleSetVersion without dryRun',
        400,
        'AUDIT_RULE_SET_REQUIRES_DRY_RUN',
        () => ({ period: PERIOD, ruleSetVersion: candidate.version }),
      ],
      [
        'ruleSetVersion with dryRun false',
        400,
        'AUDIT_RULE_SET_REQUIRES_DRY_RUN',
        () => ({ period: PERIOD, ruleSetVersion: candidate.version, dryRun: false }),
      ],
      [
        'a dry run with a tolerance of its own',
        400,
        'AUDIT_DRY_RUN_WITH_TOLERANCE',
        () => ({ period: PERIOD, dryRun: true, declarationTolerance: '5.00' }),
      ],
      [
        'a version that is not an integer',
        400,
        'VALIDATION_FAILED',
        () => ({ period: PERIOD, ruleSetVersion: '2', dryRun: true }),
      ],
      ['dryRun that is not a boolean', 400, 'VALIDATION_FAILED', () => ({ period: PERIOD, dryRun: 'yes' })],
      [
        'a version that does not exist',
        404,
        'RULE_SET_NOT_FOUND',
        () => ({ period: PERIOD, ruleSetVersion: 999999999, dryRun: true }),
      ],
      [
        'a period with no data at all',
        422,
        'AUDIT_PERIOD_NO_DATA',
        () => ({ period: EMPTY_PERIOD, ruleSetVersion: candidate.version, dryRun: true }),
      ],
      [
        'a period with no data in the scope',
        422,
        'AUDIT_PERIOD_NO_DATA',
        () => ({
          period: PERIOD,
          bureauCode: BUREAUS.futian,
          ruleSetVersion: candidate.version,
          dryRun: true,
        }),
      ],
    ];
    it.each(refused)('refuses %s (%i %s) and records no run', async (_name, status, code, body) => {
      const { period } = body() as { period: string };
      const before = await runsOf(period);
      const res = await post(t.admin, '/v1/audits', body()).expect(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toEqual(expect.any(String));
      expect(await runsOf(period)).toBe(before);
    });

    it('names the empty period in its answer', async () => {
      const res = await post(t.tianheAuditor, '/v1/audits', { period: EMPTY_PERIOD, dryRun: true }).expect(
        422,
      );
      expect(res.body).toMatchObject({ code: 'AUDIT_PERIOD_NO_DATA', details: { period: EMPTY_PERIOD } });
      expect(res.body.message).toContain(EMPTY_PERIOD);
    });
  });
});
