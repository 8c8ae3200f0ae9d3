import { Inject, Injectable } from '@nestjs/common';
import { isUuid, NotFoundError } from '@app/domain';
import { UploadRecoveryService, UploadsRepository } from '../../apps/collection';
import { EXIT } from './args';
import { CLI_IO, type CliIo } from './cli-io';

/**
 * `uploads resume ID`: the operator's side of POST /v1/uploads/{id}/resume, for an upload
 * of any taxpayer, through the same UploadRecoveryService (the collection workers then carry the
 * upload on). Prints what it did and the upload's state on stdout.
 */
@Injectable()
export class UploadsRunner {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly recovery: UploadRecoveryService,
    @Inject(CLI_IO) private readonly io: CliIo,
  ) {}

  async resume(uploadId: string): Promise<number> {
    const upload = isUuid(uploadId) ? await this.uploads.find(uploadId) : null;
    if (!upload) throw new NotFoundError('UPLOAD_NOT_FOUND', `No upload ${uploadId}.`);
    const outcome = await this.recovery.resume(upload);
    const now = (await this.uploads.find(upload.id))!;
    this.io.stdout.write(
      `upload ${now.id}: ${outcome} (${now.status}${now.phase ? `, ${now.phase}` : ''}; ` +
        `${now.rowsAccepted} accepted, ${now.rowsRejected} rejected of ${now.rowsTotal} rows)\n`,
    );
    if (outcome === 'requeued' || outcome === 'queued') {
      this.io.stderr.write(
        'a collection upload worker (npm start, or node dist/apps/collection/src/worker.js, with this BULL_PREFIX) carries it on\n',
      );
    }
    return EXIT.ok;
  }
}
