import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import { inJurisdiction } from '@app/database';
import { assertCaseTransition, type CaseStatus, NotFoundError, ValidationError } from '@app/domain';
import { decodeCursor, Page, toPage } from '@app/platform';
import {
  type ExportFormat,
  type FindingFilter,
  type FindingRow,
  FindingsRepository,
  isFindingCursor,
  parseFindingQuery,
  writeFindings,
} from '@app/review';
import { BureausService } from '../bureaus/bureaus.service';
import { CaseRepository } from './case.repository';
import { ChangeCaseDto, FindingDetailDto, FindingDto, FindingFiltersQuery } from './dto/finding.dto';
import { FindingDetailRepository } from './finding-detail.repository';
import { routedTo, toFindingDto } from './finding.mapper';

const findingNotFound = (id: string): NotFoundError =>
  new NotFoundError('FINDING_NOT_FOUND', `No finding ${id} in your jurisdiction.`);

/**
 * Findings for bureau officers (DESIGN §10): lists, exports, one finding with both sides
 * of its invoice, and the case workflow. Jurisdiction is checked here (the bureau filter,
 * the finding's bureaus) and again by Postgres: every query runs under row-level security
 * for the officer's subtree (inJurisdiction), so a finding outside it is not found.
 */
@Injectable()
export class FindingsService {
  private readonly logger = new Logger(FindingsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: FindingsRepository,
    private readonly details: FindingDetailRepository,
    private readonly cases: CaseRepository,
    private readonly bureaus: BureausService,
  ) {}

  async list(officer: OfficerPrincipal, query: FindingFiltersQuery): Promise<Page<FindingDto>> {
    const filter = await this.filterOf(officer, query);
    const after = query.cursor ? decodeCursor(query.cursor, isFindingCursor) : undefined;
    const rows = await this.reader.page(officer.scopePrefix, filter, query.limit, after);
    return toPage(rows, query.limit, toFindingDto, (r) => ({ taxAtRisk: r.taxAtRisk, id: r.id }));
  }

  /**
   * Checks the filters (a refused export sends an error, not an empty file), then returns
   * the function that streams the rows to `out`.
   */
  async prepareExport(
    officer: OfficerPrincipal,
    query: FindingFiltersQuery,
    format: ExportFormat,
  ): Promise<(out: Writable) => Promise<number>> {
    const filter = await this.filterOf(officer, query);
    return async (out) => {
      const started = Date.now();
      const rows = await writeFindings(format, this.reader.stream(officer.scopePrefix, filter), out);
      this.logger.log(
        { by: officer.userId, format, rows, ms: Date.now() - started, filter },
        'findings exported',
      );
      return rows;
    };
  }

  async get(officer: OfficerPrincipal, rawId: string): Promise<FindingDetailDto> {
    const id = this.idOf(rawId);
    return inJurisdiction(this.db, officer.scopePrefix, (m) => this.detail(m, officer, rawId, id));
  }

  /** One step of the case workflow, with its comment; refused steps change nothing. */
  async changeCase(officer: OfficerPrincipal, rawId: string, dto: ChangeCaseDto): Promise<FindingDetailDto> {
    const id = this.idOf(rawId);
    let from: CaseStatus | undefined;
    // The answer is read in the same transaction, after the change: what was committed.
    const detail = await inJurisdiction(this.db, officer.scopePrefix, async (m) => {
      await this.visibleFinding(m, officer, rawId, id);
      const current = await this.cases.lock(m, id, officer.userId);
      assertCaseTransition(current, dto.status, dto.comment);
      from = current;
      await this.cases.change(m, {
        findingId: id,
        from: current,
        to: dto.status,
        comment: dto.comment.trim(),
        actorId: officer.userId,
        actorUsername: officer.username,
        actorBureauCode: officer.bureauCode,
      });
      return this.detail(m, officer, rawId, id);
    });
    this.logger.log({ findingId: id, from, to: dto.status, by: officer.userId }, 'case changed');
    return detail;
  }

  /** The finding if it is routed to a bureau of the officer's subtree; otherwise not found. */
  private async visibleFinding(
    m: EntityManager,
    officer: OfficerPrincipal,
    rawId: string,
    id: string,
  ): Promise<FindingRow> {
    const row = await this.details.finding(m, id);
    if (!row || !routedTo(row).some((code) => officer.covers(code))) throw findingNotFound(rawId);
    return row;
  }

  /** A finding with both sides of its invoice, its history, case trail and assist request. */
  private async detail(
    m: EntityManager,
    officer: OfficerPrincipal,
    rawId: string,
    id: string,
  ): Promise<FindingDetailDto> {
    const row = await this.visibleFinding(m, officer, rawId, id);
    const invoice = row.invoiceCode !== null && row.invoiceNumber !== null;
    // One after another: they share the transaction's one connection.
    const sellerCopies = invoice
      ? await this.details.sellerCopies(m, row.invoiceCode!, row.invoiceNumber!)
      : [];
    const claims = invoice ? await this.details.claims(m, row.invoiceCode!, row.invoiceNumber!) : [];
    const history = await this.details.history(m, id);
    const caseTrail = await this.details.caseTrail(m, id);
    const assistRequest = await this.details.assistRequest(m, id);
    return { ...toFindingDto(row), sellerCopies, claims, history, caseTrail, assistRequest };
  }

  private idOf(raw: string): string {
    if (!/^[1-9][0-9]{0,17}$/.test(raw)) {
      throw new ValidationError('FINDING_ID_INVALID', 'A finding id is a positive integer.', { field: 'id' });
    }
    return raw;
  }

  /** A bureau filter outside the subtree is not found, like a bureau that does not exist. */
  private async filterOf(officer: OfficerPrincipal, query: FindingFiltersQuery): Promise<FindingFilter> {
    const filter = parseFindingQuery(query);
    if (filter.bureauCode) await this.bureaus.getVisible(officer, filter.bureauCode);
    return filter;
  }
}
