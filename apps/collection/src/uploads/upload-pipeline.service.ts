import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, formatMoneyString, periodOf, todayIn } from '@app/domain';
import { ClaimIntakeRepository } from '../claims/claim-intake.repository';
import { CollectionConfig } from '../config/collection.config';
import { SealCheckerService, SealToCheck, SealVerdict } from '../seals/seal-checker.service';
import { SellerCopyIntakeRepository } from '../seller-copies/seller-copy-intake.repository';
import {
  CLAIMS_BATCH_INPUT,
  SELLER_COPIES_BATCH_INPUT,
  UPLOAD_KIND_SPECS,
  UploadKindSpec,
} from './upload-kinds';
import { SealWatermark } from './seal-watermark';
import { UploadStagingRepository } from './upload-staging.repository';
import { UploadRow, UploadsRepository } from './uploads.repository';

/** Reports how far the seals or the merge got, as a fraction of the upload's rows. */
type Report = (part: 'sealed' | 'merged', fraction: number) => Promise<void>;

/** Rows whose seals are verified per round trip: small enough to keep memory flat (signatures are long strings). */
const SEAL_CHUNK = 5_000;

interface SealChunk {
  rows: Record<string, string>[];
  verdicts: Promise<SealVerdict[]>;
  started: number;
}

/** A staging row as the seal it carries. Amounts passed the format checks: only padded, no Decimal. */
function sealToCheck(upload: UploadRow, r: Record<string, string>): SealToCheck {
  return upload.kind === 'claims'
    ? {
        fields: {
          invoiceCode: r.invoice_code,
          invoiceNumber: r.invoice_number,
          issueDate: r.issue_date,
          sellerTaxId: r.seller_tax_id,
          buyerTaxId: upload.taxId,
          amount: formatMoneyString(r.amount),
          taxAmount: formatMoneyString(r.tax_amount),
          contentHash: r.content_hash,
        },
        signature: r.signature,
      }
    : {
        fields: {
          invoiceCode: r.invoice_code,
          invoiceNumber: r.invoice_number,
          issueDate: r.issue_date,
          sellerTaxId: upload.taxId,
          buyerTaxId: r.buyer_tax_id,
          amount: formatMoneyString(r.amount),
          taxAmount: formatMoneyString(r.tax_amount),
          contentHash: r.content_hash,
        },
        signature: r.signature,
        certificateSerial: r.certificate_serial.toUpperCase(),
      };
}

/**
 * Turns a received upload into claims, returns or seller copies, in phases that can each
 * be repeated safely, so a worker killed at any point resumes where it stopped:
 *   validated — set-based format checks and duplicates (one transaction);
 *   sealed    — seals verified on the worker-thread pool, verdicts stored per row in row order;
 *   merging   — batches of UPLOAD_BATCH_ROWS rows judged and stored, several at a time,
 *               each batch in one transaction together with its record in upload_batches.
 * A row is therefore merged exactly once: no row lost, none doubled. Sealed kinds check
 * seals and merge at the same time: a batch merges as soon as the verdicts of its rows are
 * stored (SealWatermark), so the worker threads and Postgres work side by side. A resumed
 * job of a sealed kind always runs the seal loop again from the last verdict stored (a batch
 * may have committed before the checks ended; with none left, the loop ends at once).
 */
@Injectable()
export class UploadPipelineService {
  private readonly logger = new Logger(UploadPipelineService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uploads: UploadsRepository,
    private readonly staging: UploadStagingRepository,
    private readonly seals: SealCheckerService,
    private readonly claims: ClaimIntakeRepository,
    private readonly sellerCopies: SellerCopyIntakeRepository,
    private readonly config: CollectionConfig,
  ) {}

  async run(upload: UploadRow, progress: (percent: number) => Promise<void>): Promise<void> {
    const spec = UPLOAD_KIND_SPECS[upload.kind];
    const ms: Record<string, number> = {};
    const timed = async (phase: string, work: () => Promise<void>): Promise<void> => {
      const t0 = Date.now();
      await work();
      ms[phase] = Date.now() - t0;
    };
    // Staging is logged and survives a crash; emptied anyway (by hand), merging "the rest"
    // would complete the upload with rows missing. Final: the file must be sent again (ADR 0008).
    if (upload.lastRow > 0 && !(await this.uploads.hasStagedRows(upload.id, upload.kind))) {
      throw new ConflictError(
        'UPLOAD_STAGING_LOST',
        'The rows of this upload waiting to be processed were lost: send the file again.',
        { uploadId: upload.id, mergedThrough: upload.mergedThrough },
      );
    }
    if (upload.phase === null) await timed('validate', () => this.validate(upload, spec));
    // Progress: the seals' half and the merge's half, each as far as it got (0–50, 50–100
    // when only one runs), never backwards.
    const far = { sealed: spec.sealed ? 0 : 1, merged: 0 };
    const report: Report = (part, fraction) => {
      far[part] = Math.max(far[part], Math.min(1, fraction));
      return progress(Math.round(50 * far.sealed + 50 * far.merged));
    };
    if (spec.sealed) await timed('seals+merge', () => this.checkSealsAndMerge(upload, report));
    else await timed('merge', () => this.merge(upload, report, null));
    await this.uploads.complete(upload.id);
    await timed('cleanup', () => this.uploads.dropStaging(upload.id, upload.kind));
    const done = await this.uploads.find(upload.id);
    this.logger.log(
      { uploadId: upload.id, kind: upload.kind, rows: done?.rowsTotal, accepted: done?.rowsAccepted, ms },
      'upload processed',
    );
  }

  private async validate(upload: UploadRow, spec: UploadKindSpec): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.staging.analyzeStaging(spec, m);
      await this.staging.validateRows(upload, spec, periodOf(todayIn(this.config.TZ_BUSINESS)), m);
      await this.staging.markDuplicates(upload.id, spec, m);
      await this.uploads.countValidationRejects(upload.id, m);
      await this.staging.analyzeValidated(m);
      await this.uploads.setPhase(upload.id, 'validated', m);
    });
    upload.phase = 'validated';
  }

  /**
   * The seal checks and the merge side by side: each batch waits for the verdicts of its
   * rows (SealWatermark). When one side fails the other stops (the checks after their chunk,
   * the merge after its batches in flight), and the failure is reported once both have: the
   * processing lock must cover everything still running.
   */
  private async checkSealsAndMerge(upload: UploadRow, report: Report): Promise<void> {
    const sealedThrough = await this.staging.lastSealedRow(upload.id);
    const watermark = new SealWatermark(sealedThrough);
    let mergeFailed = false;
    const seals = this.checkSeals(upload, sealedThrough, report, watermark, () => mergeFailed).then(
      () => {
        watermark.finish();
        return report('sealed', 1);
      },
      (err: unknown) => {
        watermark.fail(err);
        throw err;
      },
    );
    const merged = this.merge(upload, report, watermark).catch((err: unknown) => {
      mergeFailed = true;
      throw err;
    });
    const [sealing, merging] = await Promise.allSettled([seals, merged]);
    if (sealing.status === 'rejected') throw sealing.reason;
    if (merging.status === 'rejected') throw merging.reason;
  }

  /**
   * Verifies the seals chunk by chunk, two chunks at a time: while the worker threads check
   * one, the next is read from staging and handed to them (measured: the threads sat idle
   * three quarters of the time when each chunk waited for the one before). Verdicts are still
   * stored strictly in row order, because a resumed job starts after the highest row stored
   * (`sealedThrough`) and the merge's batches wait on it (`watermark`).
   */
  private async checkSeals(
    upload: UploadRow,
    sealedThrough: number,
    report: Report,
    watermark: SealWatermark,
    stopped: () => boolean,
  ): Promise<void> {
    let after = sealedThrough;
    let inFlight: SealChunk | null = null;
    for (;;) {
      const rows = stopped()
        ? []
        : await this.staging.nextSealChunk(upload.id, upload.kind, after, SEAL_CHUNK);
      const next = rows.length > 0 ? this.startSealChunk(upload, rows) : null;
      if (inFlight) await this.storeSealChunk(upload, inFlight, report, watermark);
      if (!next) break;
      after = Number(rows[rows.length - 1].row_number);
      inFlight = next;
    }
    if (stopped()) return;
    await this.staging.analyzeSealChecks();
    await this.uploads.markSealed(upload.id);
  }

  /** Hands a chunk's seals to the checker; the verdicts are awaited when the chunk is stored. */
  private startSealChunk(upload: UploadRow, rows: Record<string, string>[]): SealChunk {
    const started = Date.now();
    const verdicts = this.seals.check(rows.map((r) => sealToCheck(upload, r)));
    // Awaited in storeSealChunk; until then a failure must not count as unhandled (it would
    // end the process) — it is thrown where the chunk is stored.
    verdicts.catch(() => undefined);
    return { rows, verdicts, started };
  }

  private async storeSealChunk(
    upload: UploadRow,
    chunk: SealChunk,
    report: Report,
    watermark: SealWatermark,
  ): Promise<void> {
    const verdicts = await chunk.verdicts;
    const checked = Date.now();
    await this.staging.storeSealVerdicts(
      upload.id,
      chunk.rows.map((r) => Number(r.row_number)),
      verdicts,
    );
    const last = Number(chunk.rows[chunk.rows.length - 1].row_number);
    this.logger.debug(
      {
        uploadId: upload.id,
        rows: chunk.rows.length,
        checkMs: checked - chunk.started,
        storeMs: Date.now() - checked,
      },
      'seal chunk',
    );
    watermark.advance(last);
    await report('sealed', last / Math.max(1, upload.lastRow));
  }

  /**
   * Judges and stores the rows in batches of UPLOAD_BATCH_ROWS, UPLOAD_MERGE_CONCURRENCY at
   * a time (each a transaction on its own connection, so Postgres uses every core). A
   * batch records itself in collection.upload_batches in the same transaction; a resumed
   * job skips exactly the batches that committed. With a `watermark`, each batch first waits
   * for its rows' seal verdicts.
   */
  private async merge(upload: UploadRow, report: Report, watermark: SealWatermark | null): Promise<void> {
    const size = this.config.UPLOAD_BATCH_ROWS;
    const today = todayIn(this.config.TZ_BUSINESS);
    const done = new Set(await this.staging.mergedBatchStarts(upload.id));
    const pending: [number, number][] = [];
    for (let from = 1; from <= upload.lastRow; from += size) {
      if (!done.has(from)) pending.push([from, Math.min(from + size - 1, upload.lastRow)]);
    }
    let merged = upload.lastRow - pending.reduce((n, [from, to]) => n + to - from + 1, 0);
    let stop = false;
    const lane = async (): Promise<void> => {
      for (let next = pending.shift(); next && !stop; next = pending.shift()) {
        try {
          await watermark?.reached(next[1]);
          if (stop) break;
          await this.mergeBatch(upload, today, next[0], next[1]);
        } catch (err) {
          stop = true;
          throw err;
        }
        merged += next[1] - next[0] + 1;
        await report('merged', merged / Math.max(1, upload.lastRow));
      }
    };
    // When one lane fails the others stop after their current batch, and the failure is
    // reported only once all have: the processing lock must cover every batch still running.
    const lanes = await Promise.allSettled(
      Array.from({ length: this.config.UPLOAD_MERGE_CONCURRENCY }, lane),
    );
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async mergeBatch(upload: UploadRow, today: string, from: number, to: number): Promise<void> {
    await this.db.transaction(async (m) => {
      const counts =
        upload.kind === 'claims'
          ? await this.claims.fromUpload(
              m,
              upload.taxId,
              upload.period!,
              upload.id,
              CLAIMS_BATCH_INPUT,
              from,
              to,
            )
          : upload.kind === 'seller-copies'
            ? await this.sellerCopies.fromUpload(
                m,
                upload.taxId,
                today,
                upload.id,
                SELLER_COPIES_BATCH_INPUT,
                from,
                to,
              )
            : await this.staging.mergeReturns(m, upload.taxId, upload.id, from, to);
      await this.staging.recordBatch(upload.id, from, to, counts, m);
      await this.uploads.countMergedBatch(upload.id, to - from + 1, counts, m);
    });
  }
}
