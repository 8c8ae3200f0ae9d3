import { InjectQueue, OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { DomainError } from '@app/domain';
import { assertProcessUploadJob, ProcessUploadJob, settleWorkerName, UPLOADS_QUEUE } from '@app/queue';
import { UploadPipelineService } from './upload-pipeline.service';
import { UploadsRepository } from './uploads.repository';

/**
 * Consumes the uploads queue. bull delivers at least once and re-delivers a job whose
 * worker died (stalled lock), and the sweeper re-enqueues an upload whose job Redis lost;
 * so one upload may have two jobs at once. Only the worker holding the upload's processing
 * lock (Postgres) runs the pipeline; another job of it finds the lock taken and ends, and
 * the pipeline's phases are idempotent, so a later job resumes where the last one stopped.
 */
@Processor(UPLOADS_QUEUE)
export class UploadProcessor {
  private readonly logger = new Logger(UploadProcessor.name);

  constructor(
    private readonly pipeline: UploadPipelineService,
    private readonly uploads: UploadsRepository,
    @InjectQueue(UPLOADS_QUEUE) queue: Queue,
  ) {
    settleWorkerName(queue, this.logger);
  }

  @Process()
  async process(job: Job<ProcessUploadJob>): Promise<void> {
    const { uploadId, requestId } = assertProcessUploadJob(job.data);
    const lock = await this.uploads.lockForProcessing(uploadId);
    if (!lock) {
      this.logger.log({ uploadId, requestId }, 'upload is being processed by another worker: left to it');
      return;
    }
    try {
      // Read under the lock: the phase another worker reached before it stopped.
      const upload = await this.uploads.find(uploadId);
      if (!upload || upload.status === 'completed' || upload.status === 'failed') return;
      this.logger.log(
        { uploadId, requestId, attempt: job.attemptsMade + 1, phase: upload.phase },
        'processing upload',
      );
      await this.pipeline.run(upload, (percent) => this.progress(job, percent));
    } finally {
      await lock.release();
    }
  }

  /**
   * Progress is for show; Postgres has the truth. A job Redis lost cannot take it, and
   * that must not stop the upload (the sweeper's new job would find it locked until then).
   */
  private async progress(job: Job<ProcessUploadJob>, percent: number): Promise<void> {
    await job
      .progress(percent)
      .catch((err: Error) =>
        this.logger.debug({ uploadId: job.data.uploadId, err: err.message }, 'progress not recorded'),
      );
  }

  /** After the last attempt the upload is marked failed with the reason, never left hanging. */
  @OnQueueFailed()
  async failed(job: Job<ProcessUploadJob>, err: Error): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    this.logger.error(
      { uploadId: job.data?.uploadId, attempt: job.attemptsMade, err: err.message },
      'upload job failed',
    );
    const final = job.attemptsMade >= attempts || err instanceof DomainError;
    if (final && typeof job.data?.uploadId === 'string')
      await this.uploads.fail(job.data.uploadId, err.message);
  }
}
