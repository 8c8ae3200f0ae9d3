import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { DomainError } from '@app/domain';
import { assertProcessUploadJob, ProcessUploadJob, UPLOADS_QUEUE } from '@app/queue';
import { UploadPipeline } from './upload-pipeline.service';
import { UploadsRepository } from './uploads.repository';

/**
 * Consumes the uploads queue. bull delivers at least once and re-delivers a job whose
 * worker died (stalled lock); the pipeline's phases are idempotent, so a re-run resumes.
 */
@Processor(UPLOADS_QUEUE)
export class UploadProcessor {
  private readonly logger = new Logger(UploadProcessor.name);

  constructor(
    private readonly pipeline: UploadPipeline,
    private readonly uploads: UploadsRepository,
  ) {}

  @Process()
  async process(job: Job<ProcessUploadJob>): Promise<void> {
    const { uploadId, requestId } = assertProcessUploadJob(job.data);
    const upload = await this.uploads.find(uploadId);
    if (!upload || upload.status === 'completed' || upload.status === 'failed') return;
    this.logger.log(
      { uploadId, requestId, attempt: job.attemptsMade + 1, phase: upload.phase },
      'processing upload',
    );
    await this.pipeline.run(upload, (percent) => job.progress(percent));
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
