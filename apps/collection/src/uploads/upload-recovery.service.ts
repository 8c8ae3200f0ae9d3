import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { ConflictError } from '@app/domain';
import { ensureJob, ProcessUploadJob, UPLOADS_QUEUE } from '@app/queue';
import { UploadRow, UploadsRepository } from './uploads.repository';

/**
 * What resuming an upload did: `requeued` (its job was gone or dead: a new one is queued),
 * `queued` (a job bull will run is already there), `processing` (a worker is on it now),
 * `completed` (nothing left to do).
 */
export type ResumeOutcome = 'requeued' | 'queued' | 'processing' | 'completed';

/**
 * Uploads are reconciled from Postgres, their system of record: an upload that is not
 * finished and that no worker is processing must have a job bull will run. Redis may have
 * lost it (a restart without persistence), or the job may have ended without finishing the
 * upload. The pipeline resumes by its ledger (ADR 0008), so a re-enqueued upload ends as an
 * undisturbed one would; the processing lock keeps a second job from running beside the first.
 */
@Injectable()
export class UploadRecoveryService {
  private readonly logger = new Logger(UploadRecoveryService.name);

  constructor(
    private readonly uploads: UploadsRepository,
    @InjectQueue(UPLOADS_QUEUE) private readonly queue: Queue<ProcessUploadJob>,
  ) {}

  /**
   * Resumes one upload (the API for its owner, the CLI for operators); safe to repeat. A
   * completed upload is left as it is; a failed one is final (its error says why: send the
   * file again), and so is one whose file never arrived whole.
   */
  async resume(upload: UploadRow): Promise<ResumeOutcome> {
    switch (upload.status) {
      case 'completed':
        return 'completed';
      case 'failed':
        throw new ConflictError(
          'UPLOAD_FAILED',
          `Upload ${upload.id} failed and is final: ${upload.error ?? 'no reason recorded'}. Send the file again.`,
          { uploadId: upload.id, error: upload.error },
        );
      case 'receiving':
        throw new ConflictError(
          'UPLOAD_NOT_RECEIVED',
          `The file of upload ${upload.id} is still being received, or its request broke off: send it again.`,
          { uploadId: upload.id },
        );
      case 'queued':
      case 'processing':
        break;
    }
    const [idle] = await this.uploads.unfinishedAndIdle(upload.id);
    if (!idle) {
      // Either a worker holds it, or it finished since it was read.
      const now = await this.uploads.find(upload.id);
      if (now?.status === 'completed') return 'completed';
      if (now?.status === 'failed') return this.resume(now);
      return 'processing';
    }
    return (await this.requeue(upload.id)) ? 'requeued' : 'queued';
  }

  /** Every unfinished upload nobody is processing gets a job bull will run; returns how many needed one. */
  async sweep(): Promise<number> {
    let requeued = 0;
    for (const { id } of await this.uploads.unfinishedAndIdle()) {
      if (await this.requeue(id)) requeued++;
    }
    return requeued;
  }

  /** True when the upload's job was gone or dead and a new one was added. */
  private async requeue(uploadId: string): Promise<boolean> {
    const added = (await ensureJob(this.queue, { jobId: uploadId, data: { uploadId } })) === 'added';
    if (added) this.logger.warn({ uploadId }, 'upload had no job bull would run: enqueued again');
    return added;
  }
}
