import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inJurisdiction, leaveJurisdiction, openJurisdiction } from '@app/database';
import type { FindingCursor, FindingFilter } from './finding-filter';
import type { FindingRow } from './finding-row';
import { findingsQuery } from './findings-sql';

/** Rows fetched per round trip while streaming: memory stays at one batch. */
const STREAM_BATCH = 2000;

/**
 * Reads findings for an officer's subtree (`scopePrefix`) under row-level security: a
 * page for the API, or every row as a stream for exports, read through a server-side
 * cursor in one snapshot so that a million-row export never holds more than one batch.
 */
@Injectable()
export class FindingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `limit + 1` rows, so that toPage can tell whether there is a next page. */
  page(
    scopePrefix: string,
    filter: FindingFilter,
    limit: number,
    after?: FindingCursor,
  ): Promise<FindingRow[]> {
    const { sql, params } = findingsQuery(scopePrefix, filter, after, limit + 1);
    return inJurisdiction(this.db, scopePrefix, (m) => m.query<FindingRow[]>(sql, params));
  }

  async *stream(scopePrefix: string, filter: FindingFilter): AsyncGenerator<FindingRow> {
    const { sql, params } = findingsQuery(scopePrefix, filter);
    const runner = await openJurisdiction(this.db, scopePrefix);
    try {
      await runner.query(`DECLARE findings_export NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const rows: FindingRow[] = await runner.query(`FETCH ${STREAM_BATCH} FROM findings_export`);
        for (const row of rows) yield row;
        if (rows.length < STREAM_BATCH) break;
      }
    } finally {
      await leaveJurisdiction(runner);
    }
  }
}
