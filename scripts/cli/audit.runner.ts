import { Inject, Injectable } from '@nestjs/common';
import {
  AuditInputRepository,
  AuditRunLauncherService,
  AuditRunsRepository,
  BacktestPreflightService,
  type AuditRun,
} from '@app/audit-runs';
import { BureauRepository } from '@app/database';
import { type AuditScope, NATIONAL_BUREAU_CODE, NotFoundError } from '@app/domain';
import { EXIT } from './args';
import { CLI_IO, type CliIo } from './cli-io';
import { ProgressReporter, type StatusLabels } from './progress';
import { renderBacktest, renderRunSummary, scopeText } from './render';
import { watchRun } from './watch-run';

export const POLL_MS = 500;

/** The CLI acts as the national tier: every bureau and taxpayer is in its jurisdiction. */
const NATIONAL_SCOPE_PREFIX = '1';

export interface AuditOptions {
  wait: boolean;
  timeoutSeconds: number;
}

/** How a followed run is shown: its bar, its result, and where to look after a Ctrl-C. */
interface RunView {
  labels?: StatusLabels;
  render: (run: AuditRun) => string;
  afterInterrupt: (run: AuditRun) => string;
}

const AUDIT_VIEW: RunView = {
  render: renderRunSummary,
  afterInterrupt: (run) => `its findings: npm run cli -- findings --period ${run.period} --run ${run.id}`,
};

/** A back-test's finalisation is its risk stage, where the two versions are compared. */
const BACKTEST_VIEW: RunView = {
  labels: { finalizing: 'risk stage' },
  render: renderBacktest,
  afterInterrupt: (run) => `its comparison, once completed: GET /v1/audits/${run.id} (backtest)`,
};

/**
 * `audit`: records an on-demand run through AuditRunLauncherService (the bureau API's path, with
 * the national tier's jurisdiction), then follows it in audit.runs while the audit
 * workers process it, and prints its counts per category. `backtest`: the same for a dry
 * run of a rule set version, checked as the API checks it (BacktestPreflightService), and prints
 * its comparison with the active version.
 */
@Injectable()
export class AuditRunner {
  constructor(
    private readonly launcher: AuditRunLauncherService,
    private readonly runs: AuditRunsRepository,
    private readonly bureaus: BureauRepository,
    private readonly input: AuditInputRepository,
    private readonly backtests: BacktestPreflightService,
    @Inject(CLI_IO) private readonly io: CliIo,
  ) {}

  /** `scope` has passed parseAuditScope. */
  async run(requested: AuditScope, options: AuditOptions): Promise<number> {
    const scope = await this.resolve(requested);
    const run = await this.launcher.start(scope, { kind: 'on_demand', requestedBy: undefined });
    // Only nightly runs have database guards that can refuse a run.
    if (!run) throw new Error('the database refused the audit run');
    if (!options.wait) {
      this.io.stdout.write(`${run.id}\n`);
      this.io.stderr.write(
        `audit run ${run.id} queued (${run.partitionsTotal} partitions); the audit workers carry it out\n`,
      );
      return EXIT.ok;
    }
    this.io.stderr.write(`audit run ${run.id} queued: period ${run.period}, ${scopeText(run)}\n`);
    return this.follow(run, options.timeoutSeconds, AUDIT_VIEW);
  }

  /** `scope` has passed parseAuditScope. A refused back-test records no run. */
  async backtest(requested: AuditScope, version: number, timeoutSeconds: number): Promise<number> {
    const scope = await this.resolve(requested);
    await this.backtests.check(scope, version);
    const run = await this.launcher.start(scope, {
      kind: 'on_demand',
      dryRun: true,
      ruleSetVersion: version,
    });
    if (!run) throw new Error('the database refused the back-test run');
    this.io.stderr.write(
      `back-test ${run.id} queued: rule set ${run.ruleVersion} against ${run.baselineRuleVersion} (active), ` +
        `period ${run.period}, ${scopeText(run)}\n`,
    );
    return this.follow(run, timeoutSeconds, BACKTEST_VIEW);
  }

  /**
   * A bureau must exist (the national bureau means the whole country, stored without a
   * bureau, like nightly runs); taxpayers must be registered. Same codes as the API.
   */
  private async resolve(scope: AuditScope): Promise<AuditScope> {
    if (scope.taxIds) {
      const missing = await this.input.taxIdsOutside(NATIONAL_SCOPE_PREFIX, scope.taxIds);
      if (missing.length > 0) {
        const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
        throw new NotFoundError('TAXPAYER_NOT_FOUND', `No taxpayer ${missing[0]} is registered${more}.`, {
          taxIds: missing,
        });
      }
      return scope;
    }
    if (!scope.bureauCode) return scope;
    if (!(await this.bureaus.findByCode(scope.bureauCode))) {
      throw new NotFoundError('BUREAU_NOT_FOUND', `No bureau ${scope.bureauCode}.`);
    }
    return scope.bureauCode === NATIONAL_BUREAU_CODE ? { period: scope.period } : scope;
  }

  private async follow(run: AuditRun, timeoutSeconds: number, view: RunView): Promise<number> {
    const progress = new ProgressReporter(
      (text) => this.io.stderr.write(text),
      this.io.stderrIsTTY,
      view.labels,
    );
    const interrupted = (): void => {
      progress.finish();
      this.io.stderr.write(
        `interrupted: audit run ${run.id} goes on in the audit workers; ${view.afterInterrupt(run)}\n`,
      );
      process.exit(EXIT.interrupted);
    };
    process.once('SIGINT', interrupted);
    try {
      const outcome = await watchRun(run.id, {
        pollMs: POLL_MS,
        timeoutMs: timeoutSeconds * 1000,
        find: (id) => this.runs.find(id),
        onProgress: (current, elapsedMs) => progress.update(current, elapsedMs),
      });
      progress.finish();
      switch (outcome.kind) {
        case 'completed':
          this.io.stdout.write(view.render(outcome.run));
          return EXIT.ok;
        case 'failed':
          this.io.stderr.write(
            `error AUDIT_RUN_FAILED: audit run ${run.id} failed: ${outcome.run.error ?? 'no reason recorded'}\n`,
          );
          return EXIT.error;
        case 'not-picked-up':
          this.io.stderr.write(
            `no audit worker took audit run ${run.id} within ${timeoutSeconds} s: the audit workers are not running ` +
              `(start them with npm start, or node dist/apps/audit/src/main.js, with this BULL_PREFIX). ` +
              `The run stays queued and is carried out once they run.\n`,
          );
          return EXIT.noWorker;
        case 'stalled':
          this.io.stderr.write(
            `audit run ${run.id} has not moved for ${timeoutSeconds} s (${outcome.run.status}, ` +
              `${outcome.run.partitionsDone}/${outcome.run.partitionsTotal} partitions): are the audit workers still running? ` +
              `The run resumes when they are.\n`,
          );
          return EXIT.noWorker;
        case 'gone':
          this.io.stderr.write(`error AUDIT_RUN_NOT_FOUND: audit run ${run.id} is no longer recorded\n`);
          return EXIT.error;
      }
    } finally {
      process.off('SIGINT', interrupted);
    }
  }
}
