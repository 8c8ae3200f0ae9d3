import { Injectable, Logger } from '@nestjs/common';
import { type RuleSet, ruleSetNotFound, RuleSetsRepository } from '@app/audit-runs';
import { OfficerPrincipal } from '@app/auth';
import { ForbiddenError, NATIONAL_BUREAU_CODE, parseRuleSetParameters, ValidationError } from '@app/domain';
import { decodeCursor, Page, PageQuery, toPage } from '@app/platform';
import { CreateRuleSetDto, RULE_SET_VERSION_MAX, RuleSetDto } from './dto/rule-set.dto';
import { toRuleSetDto } from './rule-set.mapper';

interface VersionCursor {
  version: number;
  [key: string]: number;
}

const isVersion = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= RULE_SET_VERSION_MAX;

const isVersionCursor = (v: unknown): v is VersionCursor => isVersion((v as Partial<VersionCursor>)?.version);

/** A version from the path: ASCII digits only (`１`, `1.0`, `1e3` are not versions). */
function parseVersion(raw: string): number {
  const version = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!isVersion(version)) {
    throw new ValidationError('RULE_SET_VERSION_INVALID', 'version must be a whole number from 1.', {
      field: 'version',
    });
  }
  return version;
}

/**
 * Rule sets (docs/risk-monitoring.md#rule-sets): the versioned thresholds and weights every
 * audit run judges by. Any officer reads them; the national tier's admins add versions and
 * choose the active one (the role is checked by the route, the tier here). Versions are
 * never changed: a run records the version it used, so its findings stay reproducible.
 */
@Injectable()
export class RuleSetsService {
  private readonly logger = new Logger(RuleSetsService.name);

  constructor(private readonly ruleSets: RuleSetsRepository) {}

  async list(query: PageQuery): Promise<Page<RuleSetDto>> {
    const before = query.cursor ? decodeCursor(query.cursor, isVersionCursor).version : undefined;
    const rows = await this.ruleSets.list(query.limit + 1, before);
    return toPage(rows, query.limit, toRuleSetDto, (r) => ({ version: r.version }));
  }

  async get(version: string): Promise<RuleSetDto> {
    return toRuleSetDto(await this.find(parseVersion(version)));
  }

  /** A new inactive version: `basedOn`'s parameters (default the active one's) with the changes. */
  async create(officer: OfficerPrincipal, dto: CreateRuleSetDto): Promise<RuleSetDto> {
    assertNationalTier(officer);
    const base = dto.basedOn === undefined ? await this.ruleSets.active() : await this.find(dto.basedOn);
    // Throws before anything is written: a refused change adds no version.
    const parameters = parseRuleSetParameters(dto.parameters, base.parameters);
    const created = await this.ruleSets.create(parameters, dto.description ?? null, officer.userId);
    this.logger.log(
      { version: created.version, basedOn: base.version, by: officer.userId },
      'rule set created',
    );
    return toRuleSetDto(created);
  }

  /** Runs started from now on judge by `version`; runs already recorded keep theirs. */
  async activate(officer: OfficerPrincipal, rawVersion: string): Promise<RuleSetDto> {
    assertNationalTier(officer);
    const version = parseVersion(rawVersion);
    const activated = await this.ruleSets.activate(version, officer.userId);
    if (!activated) throw ruleSetNotFound(version);
    this.logger.log({ version, by: officer.userId }, 'rule set activated');
    return toRuleSetDto(activated);
  }

  private async find(version: number): Promise<RuleSet> {
    const found = await this.ruleSets.find(version);
    if (!found) throw ruleSetNotFound(version);
    return found;
  }
}

/** The thresholds are national policy: only the national tier changes them (as the tax ID override list). */
function assertNationalTier(officer: OfficerPrincipal): void {
  if (officer.bureauCode !== NATIONAL_BUREAU_CODE) {
    throw new ForbiddenError('NATIONAL_TIER_ONLY', 'Only a national-tier admin may change rule sets.');
  }
}
