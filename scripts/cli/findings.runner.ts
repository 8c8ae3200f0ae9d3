import { Inject, Injectable } from '@nestjs/common';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { BureauRepository } from '@app/database';
import { bureauScopePrefix, NotFoundError, ValidationError } from '@app/domain';
import { type FindingFilter, type FindingRow, FindingsRepository, writeFindings } from '@app/review';
import { EXIT, type FindingsFormat } from './args';
import { CLI_IO, type CliIo } from './cli-io';
import { renderFindingsTable } from './render';

export interface FindingsOptions {
  format: FindingsFormat;
  /** Rows to show (table) or at most to export; undefined: export all. */
  limit?: number;
  out?: string;
}

async function* take<T>(rows: AsyncIterable<T>, limit: number | undefined): AsyncGenerator<T> {
  if (limit === undefined) {
    yield* rows;
    return;
  }
  let n = 0;
  for await (const row of rows) {
    yield row;
    if (++n >= limit) return; // ends the reader's cursor and transaction
  }
}

/**
 * `findings`: reads through FindingsRepository under row-level security for the national tier
 * (or the subtree of --bureau), as a table page or a streamed CSV/XLSX export.
 */
@Injectable()
export class FindingsRunner {
  constructor(
    private readonly reader: FindingsRepository,
    private readonly bureaus: BureauRepository,
    @Inject(CLI_IO) private readonly io: CliIo,
  ) {}

  /** `filter` has passed parseFindingQuery. */
  async run(filter: FindingFilter, options: FindingsOptions): Promise<number> {
    const scopePrefix = await this.scopePrefixOf(filter);
    if (options.format === 'table') {
      const limit = options.limit!;
      const rows = await this.reader.page(scopePrefix, filter, limit);
      this.io.stdout.write(renderFindingsTable(rows.slice(0, limit), rows.length > limit));
      return EXIT.ok;
    }
    const rows = take(this.reader.stream(scopePrefix, filter), options.limit);
    const n = options.out
      ? await this.exportToFile(options.format, rows, options.out)
      : await this.exportToStdout(options.format, rows);
    this.io.stderr.write(
      `${n} finding${n === 1 ? '' : 's'} exported${options.out ? ` to ${options.out}` : ''}\n`,
    );
    return EXIT.ok;
  }

  /** National tier, or the subtree of an existing --bureau (BUREAU_NOT_FOUND otherwise). */
  private async scopePrefixOf(filter: FindingFilter): Promise<string> {
    if (!filter.bureauCode) return '1';
    if (!(await this.bureaus.findByCode(filter.bureauCode))) {
      throw new NotFoundError('BUREAU_NOT_FOUND', `No bureau ${filter.bureauCode}.`);
    }
    return bureauScopePrefix(filter.bureauCode);
  }

  /**
   * Written next to the target and renamed into place once complete: a failed export
   * leaves no half file, and an existing file is only replaced by a whole one.
   */
  private async exportToFile(
    format: 'csv' | 'xlsx',
    rows: AsyncGenerator<FindingRow>,
    out: string,
  ): Promise<number> {
    const partial = `${out}.${process.pid}.partial`;
    const file = createWriteStream(partial, { flags: 'wx' });
    try {
      await once(file, 'open');
    } catch (err) {
      throw new ValidationError(
        'OUTPUT_UNWRITABLE',
        `Cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
        { out },
      );
    }
    try {
      // finished() listens from the start: a write that fails (disk full) fails the export.
      const [n] = await Promise.all([writeFindings(format, rows, file), finished(file)]);
      await rename(partial, out);
      return n;
    } catch (err) {
      file.destroy();
      await rows.return(undefined).catch(() => undefined);
      await unlink(partial).catch(() => undefined);
      throw err;
    }
  }

  /** The writers end the stream they are given; stdout must stay open, so they get a pass-through. */
  private async exportToStdout(format: 'csv' | 'xlsx', rows: AsyncIterable<FindingRow>): Promise<number> {
    const pass = new PassThrough();
    pass.pipe(this.io.stdout, { end: false });
    const n = await writeFindings(format, rows, pass);
    await finished(pass);
    return n;
  }
}
