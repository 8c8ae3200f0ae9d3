import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EnterprisePrincipal } from '@app/auth';
import { TaxpayerRepository } from '@app/database';
import { DomainError, NotFoundError, parsePeriod, ValidationError } from '@app/domain';
import { sendDownload } from '@app/platform';
import { ProcessUploadJob, UPLOADS_QUEUE } from '@app/queue';
import { assertMayClaim } from '../claims/claimant-check';
import { CollectionConfig } from '../config/collection.config';
import { ResumedUploadDto, UploadDto, UploadQuery } from './dto/upload.dto';
import { UploadErrorsExport } from './upload-errors-export';
import { UploadReceiverService } from './upload-receiver.service';
import { UploadRecoveryService } from './upload-recovery.service';
import { UploadRow, UploadsRepository } from './uploads.repository';

function formatOf(contentType: string | undefined): 'csv' | 'ndjson' {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/ndjson') return 'ndjson';
  throw new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the file as text/csv or application/x-ndjson.',
    'invalid',
    { contentType: contentType ?? null },
  );
}

export function toUploadDto(u: UploadRow, duplicate = false): UploadDto {
  const done = u.rowsAccepted + u.rowsRejected;
  return {
    uploadId: u.id,
    kind: u.kind,
    period: u.period,
    status: u.status,
    phase: u.phase,
    rowsTotal: u.rowsTotal,
    rowsAccepted: u.rowsAccepted,
    rowsRejected: u.rowsRejected,
    progress:
      u.status === 'completed'
        ? 100
        : u.rowsTotal === 0
          ? 0
          : Math.min(99, Math.floor((done / u.rowsTotal) * 100)),
    duplicate,
    error: u.error,
    createdAt: u.createdAt.toISOString(),
    completedAt: u.completedAt?.toISOString() ?? null,
  };
}

/**
 * Bulk uploads: receive the body into staging (synchronously, streamed), then hand the
 * rest to the uploads queue. The same file sent twice for the same purpose is processed
 * once: the second request is answered with the first upload.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);

  constructor(
    private readonly uploads: UploadsRepository,
    private readonly receiver: UploadReceiverService,
    private readonly taxpayers: TaxpayerRepository,
    private readonly errorsExport: UploadErrorsExport,
    private readonly config: CollectionConfig,
    private readonly recovery: UploadRecoveryService,
    @InjectQueue(UPLOADS_QUEUE) private readonly queue: Queue<ProcessUploadJob>,
  ) {}

  async upload(enterprise: EnterprisePrincipal, query: UploadQuery, req: FastifyRequest): Promise<UploadDto> {
    const format = formatOf(req.headers['content-type']);
    const period = query.period === undefined ? null : parsePeriod(query.period, 'period');
    if (query.kind === 'claims') {
      if (!period) throw new ValidationError('PERIOD_REQUIRED', 'A claims upload needs ?period=YYYY-MM.');
      assertMayClaim(await this.taxpayers.findByTaxId(enterprise.taxId));
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.config.UPLOAD_MAX_BYTES) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `An upload may be at most ${this.config.UPLOAD_MAX_BYTES} bytes.`,
        'too_large',
        {
          maxBytes: this.config.UPLOAD_MAX_BYTES,
        },
      );
    }
    const id = await this.uploads.create(enterprise.taxId, query.kind, period, format);
    let file;
    try {
      file = await this.receiver.receive(id, query.kind, format, req.raw, this.config.UPLOAD_MAX_BYTES);
    } catch (err) {
      await this.uploads.discard(id, query.kind);
      throw err;
    }
    const received = await this.uploads.markReceived(id, file);
    if (!received.queued) {
      await this.uploads.discard(id, query.kind);
      this.logger.log({ uploadId: received.existingId, taxId: enterprise.taxId }, 'same file uploaded again');
      return toUploadDto((await this.uploads.find(received.existingId))!, true);
    }
    await this.queue.add({ uploadId: id, requestId: req.id }, { jobId: id });
    return toUploadDto((await this.uploads.find(id))!);
  }

  async status(enterprise: EnterprisePrincipal, id: string): Promise<UploadDto> {
    return toUploadDto(await this.own(enterprise, id));
  }

  /** Makes sure an unfinished upload of the caller's is carried on (UploadRecoveryService.resume). */
  async resume(enterprise: EnterprisePrincipal, id: string): Promise<ResumedUploadDto> {
    const resume = await this.recovery.resume(await this.own(enterprise, id));
    return { ...toUploadDto((await this.uploads.find(id))!), resume };
  }

  async errors(enterprise: EnterprisePrincipal, id: string, reply: FastifyReply): Promise<void> {
    const upload = await this.own(enterprise, id);
    const file = { contentType: 'text/csv; charset=utf-8', filename: `upload-${upload.id}-errors.csv` };
    await sendDownload(reply, file, (out) => this.errorsExport.write(upload, out)).catch((err: unknown) =>
      this.logger.error({ err: (err as Error).message, uploadId: upload.id }, 'error report failed'),
    );
  }

  private async own(enterprise: EnterprisePrincipal, id: string): Promise<UploadRow> {
    const upload = /^[0-9a-f-]{36}$/.test(id) ? await this.uploads.find(id) : null;
    if (!upload || upload.taxId !== enterprise.taxId)
      throw new NotFoundError('UPLOAD_NOT_FOUND', `No upload ${id} of yours.`);
    return upload;
  }
}
