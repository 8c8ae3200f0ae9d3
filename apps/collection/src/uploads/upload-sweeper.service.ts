import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CollectionConfig } from '../config/collection.config';
import { UploadRecoveryService } from './upload-recovery.service';

/**
 * Runs in every upload worker: every UPLOAD_SWEEP_INTERVAL_MS, uploads that are neither
 * finished nor being processed get a job bull will run again (UploadRecoveryService.sweep). Any
 * number of workers may sweep at once: job ids make it one job per upload.
 */
@Injectable()
export class UploadSweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadSweeperService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: CollectionConfig,
    private readonly recovery: UploadRecoveryService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.UPLOAD_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    try {
      const requeued = await this.recovery.sweep();
      if (requeued > 0) this.logger.warn({ requeued }, 'uploads without a live job enqueued again');
    } catch (err) {
      // Postgres or Redis away: the next sweep tries again.
      this.logger.warn({ err: (err as Error).message }, 'upload sweep failed');
    }
  }
}
