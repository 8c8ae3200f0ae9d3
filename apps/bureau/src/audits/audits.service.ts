import { Injectable, Logger } from '@nestjs/common';
import {
  AuditInputRepository,
  AuditRunLauncherService,
  AuditRunsRepository,
  BacktestPreflightService,
} from '@app/audit-runs';
import { OfficerPrincipal } from '@app/auth';
import {
  type AuditParameters,
  type AuditScope,
  formatMoney,
  isUuid,
  NATIONAL_BUREAU_CODE,
  NotFoundError,
  parseAuditScope,
  parseMoney,
  parsePeriod,
  todayIn,
  ValidationError,
} from '@app/domain';
import { decodeCursor, isCursorTimestamp, Page, toPage } from '@app/platform';
import { BureausService } from '../bureaus/bureaus.service';
import { statusesOf, toAuditRunDto } from './audit-run.mapper';
import { AuditRunDto, ListAuditsQuery, StartAuditDto } from './dto/audit-run.dto';

interface RunCursor {
  createdAt: string;
  id: string;
  [key: string]: string;
}

const isRunCursor = (v: unknown): v is RunCursor => {
  const c = v as Partial<RunCursor> | null;
  return isUuid(c?.id) && isCursorTimestamp(c?.createdAt);
};

/**
 * Only the active rule set publishes: another version is judged by a back-test, and a
 * back-test judges by a version as it is recorded (a tolerance of its own belongs in a
 * new version), so that its comparison is one of two rule sets.
 */
function assertBacktestOptions(dto: StartAuditDto): void {
  if (dto.ruleSetVersion !== undefined && dto.dryRun !== true) {
    throw new ValidationError(
      'AUDIT_RULE_SET_REQUIRES_DRY_RUN',
      'Only the active rule set publishes findings: back-test another version with dryRun: true.',
      { field: 'ruleSetVersion' },
    );
  }
  if (dto.dryRun === true && dto.declarationTolerance !== undefined) {
    throw new ValidationError(
      'AUDIT_DRY_RUN_WITH_TOLERANCE',
      'A dry run judges by a rule set as recorded: create a version with this declarationTolerance ' +
        '(POST /v1/rule-sets) and back-test that.',
      { field: 'declarationTolerance' },
    );
  }
}

const runNotFound = (runId: string): NotFoundError =>
  new NotFoundError('AUDIT_RUN_NOT_FOUND', `No audit run ${runId} in your jurisdiction.`);

/**
 * Ad-hoc cross-audits (DESIGN §7) for auditors: a run over a scope of the officer's
 * subtree, recorded and fanned out by AuditRunLauncherService and completed by the audit worker;
 * and reading runs, each visible in the subtree of the bureau it belongs to
 * (AuditRunsRepository).
 */
@Injectable()
export class AuditsService {
  private readonly logger = new Logger(AuditsService.name);

  constructor(
    private readonly launcher: AuditRunLauncherService,
    private readonly runs: AuditRunsRepository,
    private readonly input: AuditInputRepository,
    private readonly bureaus: BureausService,
    private readonly backtests: BacktestPreflightService,
  ) {}

  /** Validates everything before the run is recorded: a refused request leaves no run behind. */
  async start(officer: OfficerPrincipal, dto: StartAuditDto, requestId?: string): Promise<AuditRunDto> {
    const requested = parseAuditScope(dto, todayIn());
    assertBacktestOptions(dto);
    const dryRun = dto.dryRun === true;
    const parameters: Partial<AuditParameters> = {};
    if (dto.declarationTolerance !== undefined) {
      const tolerance = parseMoney(dto.declarationTolerance, { field: 'declarationTolerance' });
      parameters.declarationTolerance = formatMoney(tolerance);
    }
    const scope = await this.withinJurisdiction(officer, requested);
    if (dryRun) await this.backtests.check(scope, dto.ruleSetVersion);
    const run = await this.launcher.start(scope, {
      kind: 'on_demand',
      requestedBy: officer.userId,
      requestId,
      parameters,
      // An auditor's own tolerance makes a trial: reported, never the official findings.
      publish: dto.declarationTolerance === undefined,
      dryRun,
      ruleSetVersion: dto.ruleSetVersion,
    });
    // Only nightly runs have guards that can refuse a run.
    if (!run) throw new Error('An on-demand audit run was refused by the database guard');
    this.logger.log(
      {
        runId: run.id,
        period: run.period,
        bureauCode: run.bureauCode,
        ruleSetVersion: run.ruleVersion,
        dryRun,
        by: officer.userId,
        requestId,
      },
      'audit run started',
    );
    return toAuditRunDto(run);
  }

  async get(officer: OfficerPrincipal, runId: string): Promise<AuditRunDto> {
    if (!isUuid(runId.toLowerCase())) {
      throw new ValidationError('AUDIT_RUN_ID_INVALID', 'runId must be a UUID.', { field: 'runId' });
    }
    const run = await this.runs.findOwned(runId.toLowerCase());
    if (!run || !officer.covers(run.ownerBureauCode)) throw runNotFound(runId);
    return toAuditRunDto(run);
  }

  async list(officer: OfficerPrincipal, query: ListAuditsQuery): Promise<Page<AuditRunDto>> {
    const rows = await this.runs.list({
      scopePrefix: officer.scopePrefix,
      period: query.period === undefined ? undefined : parsePeriod(query.period, 'period'),
      statuses: query.status && statusesOf(query.status),
      kind: query.kind,
      after: query.cursor ? decodeCursor(query.cursor, isRunCursor) : undefined,
      limit: query.limit,
    });
    return toPage(rows, query.limit, toAuditRunDto, (r) => ({ createdAt: r.createdAtKey, id: r.id }));
  }

  /**
   * The scope the run will have. No scope: the officer's own bureau, which for the national
   * tier is the whole country (stored, like nightly runs, without a bureau). A bureau or a
   * taxpayer outside the subtree is answered as not found, exactly like one that does not
   * exist (docs/adr/0002).
   */
  private async withinJurisdiction(officer: OfficerPrincipal, scope: AuditScope): Promise<AuditScope> {
    const { period } = scope;
    if (scope.taxIds) {
      const outside = await this.input.taxIdsOutside(officer.scopePrefix, scope.taxIds);
      if (outside.length > 0) {
        const more = outside.length > 1 ? ` (and ${outside.length - 1} more)` : '';
        throw new NotFoundError(
          'TAXPAYER_NOT_FOUND',
          `No taxpayer ${outside[0]} in your jurisdiction${more}.`,
          { taxIds: outside },
        );
      }
      return scope;
    }
    const bureauCode = scope.bureauCode
      ? (await this.bureaus.getVisible(officer, scope.bureauCode)).code
      : officer.bureauCode;
    return bureauCode === NATIONAL_BUREAU_CODE ? { period } : { period, bureauCode };
  }
}
