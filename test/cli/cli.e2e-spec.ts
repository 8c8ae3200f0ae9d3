import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository, RuleSetsRepository } from '@app/audit-runs';
import { formatMoney, Money, parseRuleSetParameters } from '@app/domain';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { AuditInputsFactory } from '../factories/audit-inputs.factory';
import { AuditProbe } from '../factories/audit.probe';
import {
  BUREAUS,
  createTestApp,
  fileSettings,
  newInvoiceCode,
  newTaxId,
  RegistryFactory,
  type TaxpayerFixture,
} from '@app/testing';
import { renderBacktest } from '../../scripts/cli/render';
import { type CliResult, runCli, shown } from './cli-process';

/**
 * This file's settings (fileSettings), shared by the in-process audit worker and the CLI
 * child processes (`cli` below): its bull prefix, no nightly schedule.
 */
const SETTINGS = fileSettings('cli', {
  AUDIT_CONCURRENCY: '2',
  AUDIT_NIGHTLY: '0',
});

/**
 * The auditor CLI (scripts/cli) as an operator runs it: a child process on this run's
 * database and on this file's bull prefix, whose jobs the audit worker booted here takes.
 *
 * The period is this file's own: the database is shared with the other test files, and a
 * published run rewrites its period's roll-ups. (2012-xx belongs to reports.e2e-spec.ts.)
 *
 * Tianhe: S sells to B three special invoices: #1 claimed with a wrong issue date
 * (FIELD_MISMATCH, tax at risk 130.00), #2 not claimed (UNCLAIMED, 0.00), #3 claimed as
 * issued (MATCHED). Outside Tianhe: Y (Yuexiu) sells K (Dongcheng) an invoice nobody
 * claimed, which a Tianhe run does not judge.
 */
const PERIOD = '2010-04';
/** The CLI with this file's settings (its bull prefix) plus `env`. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { ...SETTINGS, ...env });
/** Nothing is recorded for it anywhere: a back-test of it is refused. */
const EMPTY_PERIOD = '2010-05';
const WAIT_MS = 60_000;
/** Tests that start several CLI processes at once (each boots Nest from the sources): a hang guard only. */
const PARALLEL_MS = 120_000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const CSV_HEADER =
  'id,period,category,status,state,invoice_code,invoice_number,seller_tax_id,buyer_tax_id,seller_bureau_code,' +
  'buyer_bureau_code,tax_at_risk,differing_fields,details,first_seen_at,last_seen_at,resolved_at';

function expectExit(result: CliResult, code: number): void {
  if (result.code !== code) throw new Error(`expected exit ${code}, got:\n${shown(result)}`);
}

describe('auditor CLI (npm run cli)', () => {
  let app: INestApplication;
  let db: DataSource;
  let runs: AuditRunsRepository;
  let seller: TaxpayerFixture;
  let buyer: TaxpayerFixture;
  let code: string;
  let dir: string;

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    runs = app.get(AuditRunsRepository);
    dir = await mkdtemp(join(tmpdir(), 'jinshui-cli-'));
    const registry = new RegistryFactory(db);
    const inputs = new AuditInputsFactory(db);
    seller = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    buyer = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    const outsideSeller = await registry.taxpayer({ bureauCode: BUREAUS.yuexiu });
    const outsideBuyer = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    code = newInvoiceCode('4400', 2);
    const otherCode = newInvoiceCode('4400', 2);
    await registry.numberRange(seller.taxId, code, 10);
    await registry.numberRange(outsideSeller.taxId, otherCode, 10);

    const invoice = (n: number) => ({
      invoiceCode: code,
      invoiceNumber: String(n).padStart(8, '0'),
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      issueDate: `${PERIOD}-05`,
      amount: '1000.00',
      taxAmount: '130.00',
    });
    for (const n of [1, 2, 3]) await inputs.sellerCopy(invoice(n));
    await inputs.claim({ ...invoice(1), issueDate: `${PERIOD}-06`, period: PERIOD });
    await inputs.claim({ ...invoice(3), period: PERIOD });
    await inputs.sellerCopy({
      ...invoice(1),
      invoiceCode: otherCode,
      sellerTaxId: outsideSeller.taxId,
      buyerTaxId: outsideBuyer.taxId,
    });
  });

  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('audit', () => {
    it(
      'runs a bureau-scoped audit, draws its progress on stderr and prints the counts per category',
      async () => {
        const result = await cli(['audit', '--period', PERIOD, '--bureau', BUREAUS.tianhe]);
        expectExit(result, 0);
        const runId = UUID.exec(result.stderr)?.[0];
        expect(result.stderr).toContain(
          `audit run ${runId} queued: period ${PERIOD}, bureau ${BUREAUS.tianhe}`,
        );
        // stderr is a pipe here: one line per change, the last one the completed run.
        expect(result.stderr).toMatch(/^\[#{30}\] 16\/16 partitions 100% {2}completed +\d+ s$/m);
        expect(result.stderr).not.toContain('\r');

        const lines = result.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(
          new RegExp(
            `^audit run ${runId} completed in \\d+\\.\\d s: period ${PERIOD}, bureau ${BUREAUS.tianhe}$`,
          ),
        );
        expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
          ['category', 'term', 'findings', 'tax at risk'],
          ['FIELD_MISMATCH', '不符', '1', '130.00'],
          ['UNCLAIMED', '滞留', '1', '0.00'],
          ['total', '2', '130.00'],
          ['MATCHED', '相符', '1'],
        ]);

        const run = await runs.find(runId!);
        expect(run).toMatchObject({
          kind: 'on_demand',
          status: 'completed',
          bureauCode: BUREAUS.tianhe,
          requestedBy: null,
          counts: { FIELD_MISMATCH: 1, UNCLAIMED: 1, MATCHED: 1 },
        });
      },
      WAIT_MS,
    );

    it(
      '--no-wait prints the run id and leaves the run to the audit workers',
      async () => {
        const result = await cli(['audit', '--period', PERIOD, '--taxpayer', seller.taxId, '--no-wait']);
        expectExit(result, 0);
        expect(result.stdout).toMatch(new RegExp(`^${UUID.source}\n$`));
        const runId = result.stdout.trim();
        const run = await new AuditProbe(db).waitForRun(runs, runId, WAIT_MS);
        expect(run).toMatchObject({ status: 'completed', taxIds: [seller.taxId] });
        expect(run.counts).toEqual({ FIELD_MISMATCH: 1, UNCLAIMED: 1, MATCHED: 1 });
      },
      WAIT_MS,
    );

    it(
      'exits 2 when no audit worker takes the run within --timeout',
      async () => {
        // A bull prefix nobody consumes; a taxpayer of its own, with nothing to judge.
        const idle = await new RegistryFactory(db).taxpayer({ bureauCode: BUREAUS.tianhe });
        const result = await cli(['audit', '--period', PERIOD, '--taxpayer', idle.taxId, '--timeout', '1'], {
          BULL_PREFIX: `${SETTINGS.BULL_PREFIX}:idle`,
        });
        expectExit(result, 2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(
          /no audit worker took audit run .* within 1 s: the audit workers are not running/,
        );
        // Left queued; this file's worker finishes it, so that no run of the period is left hanging.
        const runId = UUID.exec(result.stderr)![0];
        const queued = (await runs.find(runId))!;
        expect(queued.status).toBe('queued');
        await app.get(AuditRunLauncherService).enqueue(queued);
        expect((await new AuditProbe(db).waitForRun(runs, runId, WAIT_MS)).status).toBe('completed');
      },
      WAIT_MS,
    );

    it(
      'refuses bad input with the stable codes, before starting anything',
      async () => {
        const countRuns = async (): Promise<number> => {
          const [{ n }] = await db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM audit.runs WHERE period = $1`,
            [PERIOD],
          );
          return n;
        };
        const before = await countRuns();
        const [badPeriod, future, badBureau, unknownBureau, unknownTaxpayer, both] = await Promise.all([
          cli(['audit', '--period', '2010-13']),
          cli(['audit', '--period', '2999-01']),
          cli(['audit', '--period', PERIOD, '--bureau', '19999999999']),
          cli(['audit', '--period', PERIOD, '--bureau', '19999990000']),
          cli(['audit', '--period', PERIOD, '--taxpayer', newTaxId('440106')]),
          cli(['audit', '--period', PERIOD, '--bureau', BUREAUS.tianhe, '--taxpayer', seller.taxId]),
        ]);
        const expected: [CliResult, string][] = [
          [badPeriod, 'PERIOD_INVALID'],
          [future, 'AUDIT_PERIOD_IN_FUTURE'],
          [badBureau, 'BUREAU_CODE_INVALID'],
          [unknownBureau, 'BUREAU_NOT_FOUND'],
          [unknownTaxpayer, 'TAXPAYER_NOT_FOUND'],
          [both, 'AUDIT_SCOPE_AMBIGUOUS'],
        ];
        for (const [result, errorCode] of expected) {
          expectExit(result, 1);
          expect(result.stderr).toMatch(new RegExp(`^error ${errorCode}: .+\n$`));
          expect(result.stdout).toBe('');
        }
        expect(await countRuns()).toBe(before);
      },
      PARALLEL_MS,
    );

    it(
      'answers an unknown flag or command with the usage, exit 64',
      async () => {
        const [flag, command, missing] = await Promise.all([
          cli(['audit', '--period', PERIOD, '--frob']),
          cli(['audits', '--period', PERIOD]),
          cli(['findings']),
        ]);
        for (const result of [flag, command, missing]) {
          expectExit(result, 64);
          expect(result.stderr).toContain('Usage: npm run cli -- <command> [options]');
          expect(result.stdout).toBe('');
        }
        expect(flag.stderr.split('\n')[0]).toBe("cli: audit: unknown option '--frob'");
        expect(command.stderr.split('\n')[0]).toBe("cli: unknown command 'audits'");
        expect(missing.stderr.split('\n')[0]).toBe('cli: findings: --period is required');
      },
      PARALLEL_MS,
    );
  });

  describe('backtest and rule-sets', () => {
    /** What is published for the period: a dry run must leave it exactly as it is. */
    const published = (): Promise<unknown[]> =>
      db.query(
        `SELECT id, category, state, tax_at_risk, last_run_id FROM audit.findings WHERE period = $1 ORDER BY id`,
        [PERIOD],
      );

    async function candidateVersion(): Promise<number> {
      const ruleSets = app.get(RuleSetsRepository);
      const by = await new RegistryFactory(db).systemOfficer();
      const base = await ruleSets.active();
      const parameters = parseRuleSetParameters({ declarationTolerance: '0' }, base.parameters);
      return (await ruleSets.create(parameters, 'cli e2e candidate', by)).version;
    }

    it(
      'backtest runs a dry run of a version, draws its progress, and prints the comparison it recorded',
      async () => {
        const version = await candidateVersion();
        const active = (await app.get(RuleSetsRepository).active()).version;
        const before = await published();
        const result = await cli([
          'backtest',
          '--period',
          PERIOD,
          '--version',
          String(version),
          '--bureau',
          BUREAUS.tianhe,
        ]);
        expectExit(result, 0);
        const runId = UUID.exec(result.stderr)?.[0];
        expect(result.stderr).toContain(
          `back-test ${runId} queued: rule set ${version} against ${active} (active), period ${PERIOD}, bureau ${BUREAUS.tianhe}`,
        );
        expect(result.stderr).toMatch(/^\[#{30}\] 16\/16 partitions 100% {2}completed +\d+ s$/m);
        expect(result.stderr).not.toContain('finalizing');

        const run = (await runs.find(runId!))!;
        expect(run).toMatchObject({
          status: 'completed',
          dryRun: true,
          publishes: false,
          ruleVersion: version,
          baselineRuleVersion: active,
        });
        expect(await published()).toEqual(before);
        const [{ events }] = await db.query<{ events: number }[]>(
          `SELECT count(*)::int AS events FROM audit.finding_events WHERE run_id = $1`,
          [runId],
        );
        expect(events).toBe(0);

        // The table is what audit.runs.backtest holds.
        expect(run.backtest).toMatchObject({ candidateVersion: version, baselineVersion: active });
        expect(result.stdout).toBe(renderBacktest(run));
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(
          new RegExp(`^back-test ${runId} completed in \\d+\\.\\d s: rule set ${version} against ${active} `),
        );
        const backtest = run.backtest!;
        const rows = lines.slice(2, -1).map((l) => l.split(/\s{2,}/));
        expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(backtest.categories).sort());
        const yuan = (v: string): string => formatMoney(new Money(v));
        for (const row of rows) {
          const c = backtest.categories[row[0]];
          const [f1, t1, f2, t2, appear, disappear] = row.slice(-6);
          expect([Number(f1), t1, Number(f2), t2, Number(appear), Number(disappear)]).toEqual([
            c.candidate.findings,
            yuan(c.candidate.taxAtRisk),
            c.baseline.findings,
            yuan(c.baseline.taxAtRisk),
            c.appear,
            c.disappear,
          ]);
        }
      },
      WAIT_MS,
    );

    it(
      'backtest refuses an unknown version and a period with nothing to judge, recording no run',
      async () => {
        // The runs these commands could record: other files audit in this database meanwhile.
        const recorded = async () => {
          const [{ n }] = await db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM audit.runs
              WHERE dry_run AND (period = $1 OR rule_version = 999999999)`,
            [EMPTY_PERIOD],
          );
          return n;
        };
        const before = await recorded();
        // One after the other: each boots the CLI from its sources, slow on a busy machine.
        const unknown = await cli(['backtest', '--period', PERIOD, '--version', '999999999']);
        const empty = await cli([
          'backtest',
          '--period',
          EMPTY_PERIOD,
          '--version',
          '1',
          '--bureau',
          BUREAUS.tianhe,
        ]);
        const badVersion = await cli(['backtest', '--period', PERIOD, '--version', 'two']);
        expectExit(unknown, 1);
        expect(unknown.stderr).toBe('error RULE_SET_NOT_FOUND: There is no rule set version 999999999.\n');
        expectExit(empty, 1);
        expect(empty.stderr).toMatch(new RegExp(`^error AUDIT_PERIOD_NO_DATA: .*${EMPTY_PERIOD}.*\n$`));
        expectExit(badVersion, 64);
        expect(badVersion.stderr.split('\n')[0]).toBe(
          'cli: backtest: --version must be a whole number from 1 to 999999999',
        );
        expect(await recorded()).toBe(before);
      },
      PARALLEL_MS,
    );

    it('rule-sets lists the versions newest first and marks the active one', async () => {
      const version = await candidateVersion();
      const active = (await app.get(RuleSetsRepository).active()).version;
      const result = await cli(['rule-sets']);
      expectExit(result, 0);
      const [header, ...rows] = result.stdout.trimEnd().split('\n');
      expect(header.split(/\s{2,}/)).toEqual([
        'version',
        'active',
        'created (UTC)',
        'activated (UTC)',
        'description',
      ]);
      const versions = rows.map((r) => Number(r.trim().split(/\s+/)[0]));
      expect(versions).toEqual([...versions].sort((a, b) => b - a));
      expect(versions).toContain(version);
      const marked = rows.map((r) => r.trim().split(/\s{2,}/)).filter((cells) => cells[1] === 'active');
      expect(marked.map((cells) => Number(cells[0]))).toEqual([active]);
      expect(rows.find((r) => r.trim().startsWith(`${version} `))).toContain('cli e2e candidate');
    });
  });

  describe('findings', () => {
    const invoice = (n: number): string => `${code}-${String(n).padStart(8, '0')}`;

    it('prints the findings of the period as a table, highest tax at risk first', async () => {
      const result = await cli(['findings', '--period', PERIOD]);
      expectExit(result, 0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0].trim().split(/\s{2,}/)).toEqual([
        'id',
        'category',
        'status',
        'state',
        'invoice',
        'seller',
        'buyer',
        'tax at risk',
      ]);
      expect(
        lines.slice(1, -1).map((l) =>
          l
            .trim()
            .split(/\s{2,}/)
            .slice(1),
        ),
      ).toEqual([
        ['FIELD_MISMATCH', 'open', 'active', invoice(1), seller.taxId, buyer.taxId, '130.00'],
        ['UNCLAIMED', 'open', 'active', invoice(2), seller.taxId, buyer.taxId, '0.00'],
      ]);
      expect(lines.at(-1)).toBe('2 findings, tax at risk 130.00');
    });

    it(
      'filters, limits, and reads a bureau subtree under row-level security',
      async () => {
        const [unclaimed, atRisk, limited, tianhe, dongcheng, unknown, badCategory] = await Promise.all([
          cli(['findings', '--period', PERIOD, '--category', 'UNCLAIMED', '--taxpayer', buyer.taxId]),
          cli([
            'findings',
            '--period',
            PERIOD,
            '--state',
            'active',
            '--status',
            'open',
            '--min-tax-at-risk',
            '100',
          ]),
          cli(['findings', '--period', PERIOD, '--limit', '1']),
          cli(['findings', '--period', PERIOD, '--bureau', BUREAUS.tianhe]),
          cli(['findings', '--period', PERIOD, '--bureau', BUREAUS.dongcheng]),
          cli(['findings', '--period', PERIOD, '--bureau', '19999990000']),
          cli(['findings', '--period', PERIOD, '--category', 'FIELD_MISMATCH,BOGUS']),
        ]);
        for (const result of [unclaimed, atRisk, limited, tianhe, dongcheng]) expectExit(result, 0);
        expect(unclaimed.stdout).toMatch(/\n\s*\d+ {2}UNCLAIMED .*\n1 finding, tax at risk 0\.00\n$/);
        expect(atRisk.stdout).toMatch(/\n\s*\d+ {2}FIELD_MISMATCH .*\n1 finding, tax at risk 130\.00\n$/);
        expect(limited.stdout).toContain('FIELD_MISMATCH');
        expect(limited.stdout).not.toContain('UNCLAIMED');
        expect(limited.stdout).toMatch(/^first 1 finding, tax at risk 130\.00; more match: raise --limit/m);
        expect(tianhe.stdout).toMatch(/^2 findings, tax at risk 130\.00$/m);
        expect(dongcheng.stdout).toBe('no findings match\n');
        expectExit(unknown, 1);
        expect(unknown.stderr).toBe('error BUREAU_NOT_FOUND: No bureau 19999990000.\n');
        expectExit(badCategory, 1);
        expect(badCategory.stderr).toMatch(/^error FINDING_CATEGORY_INVALID: /);
      },
      PARALLEL_MS,
    );

    it(
      'exports every finding as CSV to a file (with a header) or to stdout, and as XLSX',
      async () => {
        const csvFile = join(dir, 'findings.csv');
        const xlsxFile = join(dir, 'findings.xlsx');
        const [toFile, toStdout, xlsx] = await Promise.all([
          cli(['findings', '--period', PERIOD, '--format', 'csv', '--out', csvFile]),
          cli(['findings', '--period', PERIOD, '--format', 'csv']),
          cli(['findings', '--period', PERIOD, '--format', 'xlsx', '--out', xlsxFile]),
        ]);
        for (const result of [toFile, toStdout, xlsx]) expectExit(result, 0);
        expect(toFile.stdout).toBe('');
        expect(toFile.stderr).toBe(`2 findings exported to ${csvFile}\n`);

        const csv = await readFile(csvFile, 'utf8');
        expect(toStdout.stdout).toBe(csv);
        const rows = csv.split('\r\n');
        expect(rows[0]).toBe(`\uFEFF${CSV_HEADER}`);
        expect(rows.at(-1)).toBe('');
        expect(rows.slice(1, -1).map((r) => r.split(',').slice(2, 5))).toEqual([
          ['FIELD_MISMATCH', 'open', 'active'],
          ['UNCLAIMED', 'open', 'active'],
        ]);
        expect(rows[1]).toContain(`,${code},00000001,${seller.taxId},${buyer.taxId},`);
        expect(rows[1]).toContain(',130.00,issueDate,');

        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(xlsxFile);
        const sheet = workbook.getWorksheet('findings')!;
        expect(sheet.rowCount).toBe(3);
        expect(sheet.getRow(2).getCell(3).value).toBe('FIELD_MISMATCH');
        expect(sheet.getRow(2).getCell(12).value).toBe('130.00');
        // Written next to the target and renamed: no partial file is left behind.
        expect((await readdir(dir)).sort()).toEqual(['findings.csv', 'findings.xlsx']);
      },
      PARALLEL_MS,
    );
  });
});
