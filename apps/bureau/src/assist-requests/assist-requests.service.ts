import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import { inJurisdiction } from '@app/database';
import {
  BusinessRuleError,
  ConflictError,
  isUuid,
  NotFoundError,
  parsePeriod,
  ValidationError,
} from '@app/domain';
import { decodeCursor, isCursorTimestamp, Page, toPage } from '@app/platform';
import { BureauConfig } from '../config/bureau.config';
import { toAssistRequestDto } from './assist-request.mapper';
import { AssistRequestRow, AssistRequestsRepository, EscalationClock } from './assist-requests.repository';
import { AssistRequestDto, ListAssistRequestsQuery, ReplyToAssistRequestDto } from './dto/assist-request.dto';

interface AssistCursor {
  dueAt: string;
  id: string;
  [key: string]: string;
}

const isAssistCursor = (v: unknown): v is AssistCursor => {
  const c = v as Partial<AssistCursor> | null;
  return isUuid(c?.id) && isCursorTimestamp(c?.dueAt);
};

const requestNotFound = (id: string): NotFoundError =>
  new NotFoundError('ASSIST_REQUEST_NOT_FOUND', `No assist request ${id} in your jurisdiction.`);

/** The service's own jurisdiction check, besides the query's and row-level security's. */
const canSee = (officer: OfficerPrincipal, r: AssistRequestRow): boolean =>
  officer.covers(r.fromBureauCode) || officer.covers(r.toBureauCode);

/**
 * Assist requests (协查, issue 6) as the bureaus at both ends see them: the requesting
 * bureau (the buyer's district) follows its outbox, the addressed one (the seller's
 * district in another province) and, while the request is overdue, its ancestors tier by
 * tier (assistEscalationLevel in @app/domain) work an inbox and reply. Every query runs
 * under row-level security for the officer's subtree (inJurisdiction), and the service
 * checks the subtree again on what comes back.
 */
@Injectable()
export class AssistRequestsService {
  private readonly logger = new Logger(AssistRequestsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: AssistRequestsRepository,
    private readonly config: BureauConfig,
  ) {}

  async list(officer: OfficerPrincipal, query: ListAssistRequestsQuery): Promise<Page<AssistRequestDto>> {
    const filter = {
      ...this.clock(),
      scopePrefix: officer.scopePrefix,
      bureauCode: officer.bureauCode,
      box: query.box,
      period: query.period === undefined ? undefined : parsePeriod(query.period, 'period'),
      status: query.status,
      after: query.cursor ? decodeCursor(query.cursor, isAssistCursor) : undefined,
      limit: query.limit,
    };
    const rows = await inJurisdiction(this.db, officer.scopePrefix, (m) => this.requests.list(m, filter));
    // Dropping a row here would cut the page short unnoticed; a leak is a bug to hear about.
    if (!rows.every((r) => canSee(officer, r))) {
      throw new Error('An assist request outside the officer subtree reached the service');
    }
    return toPage(rows, query.limit, toAssistRequestDto, (r) => ({ dueAt: r.dueAtKey, id: r.id }));
  }

  async get(officer: OfficerPrincipal, rawId: string): Promise<AssistRequestDto> {
    const id = this.parseId(rawId);
    const row = await inJurisdiction(this.db, officer.scopePrefix, (m) =>
      this.requests.find(m, id, officer.scopePrefix, this.clock()),
    );
    if (!row || !canSee(officer, row)) throw requestNotFound(rawId);
    return toAssistRequestDto(row);
  }

  /**
   * The investigating side answers: any officer whose subtree holds the addressed bureau,
   * so the district it was sent to, and the city, province or national tier it has
   * escalated to (or that takes it over). The requesting side sees the request but may not
   * answer its own question. The first reply is final.
   */
  async reply(
    officer: OfficerPrincipal,
    rawId: string,
    dto: ReplyToAssistRequestDto,
  ): Promise<AssistRequestDto> {
    const id = this.parseId(rawId);
    const clock = this.clock();
    const { before, after } = await inJurisdiction(this.db, officer.scopePrefix, async (m) => {
      const found = await this.requests.find(m, id, officer.scopePrefix, clock);
      if (!found || !canSee(officer, found)) throw requestNotFound(rawId);
      if (!officer.covers(found.toBureauCode)) {
        throw new BusinessRuleError(
          'ASSIST_NOT_ADDRESSED_TO_YOU',
          `Assist request ${id} asks bureau ${found.toBureauCode} to investigate; your bureau cannot answer it.`,
          { toBureauCode: found.toBureauCode },
        );
      }
      const recorded = await this.requests.insertReply(m, {
        requestId: id,
        conclusion: dto.conclusion,
        evidenceNote: dto.evidenceNote,
        repliedBy: officer.userId,
        repliedByBureau: officer.bureauCode,
      });
      if (!recorded) {
        throw new ConflictError('ASSIST_ALREADY_ANSWERED', `Assist request ${id} has been answered already.`);
      }
      const answered = await this.requests.find(m, id, officer.scopePrefix, clock);
      if (!answered) throw new Error(`Assist request ${id} vanished while it was answered`);
      return { before: found, after: answered };
    });
    this.logger.log(
      {
        assistRequestId: id,
        findingId: before.findingId,
        conclusion: dto.conclusion,
        by: officer.userId,
        bureauCode: officer.bureauCode,
        assignedBureauCode: before.assignedBureauCode,
        escalationLevel: before.escalationLevel,
      },
      'assist request answered',
    );
    return toAssistRequestDto(after);
  }

  private parseId(rawId: string): string {
    const id = rawId.toLowerCase();
    if (!isUuid(id)) {
      throw new ValidationError('ASSIST_REQUEST_ID_INVALID', 'id must be a UUID.', { field: 'id' });
    }
    return id;
  }

  private clock(): EscalationClock {
    return { now: new Date(), escalationDays: this.config.ASSIST_ESCALATION_DAYS };
  }
}
