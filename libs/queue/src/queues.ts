import { isUuid, ValidationError } from '@app/domain';

/** Bulk files waiting to be validated and merged (consumed by the collection worker). */
export const UPLOADS_QUEUE = 'uploads';

/** Payload of an uploads job; the job id is the upload id, so an upload is queued once. */
export interface ProcessUploadJob {
  uploadId: string;
  /** The HTTP request that received the file, for log correlation. */
  requestId?: string;
}

/** Job payloads are validated when enqueued and again when processed: Redis is not trusted. */
export function assertProcessUploadJob(data: unknown): ProcessUploadJob {
  const d = data as Partial<ProcessUploadJob>;
  if (!isUuid(d?.uploadId)) {
    throw new ValidationError('JOB_PAYLOAD_INVALID', 'uploads job needs an uploadId (uuid)');
  }
  return { uploadId: d.uploadId, ...(typeof d.requestId === 'string' ? { requestId: d.requestId } : {}) };
}
