import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { stalledJobSettings, UPLOADS_QUEUE } from '@app/queue';
import { ClaimsModule } from '../claims/claims.module';
import { CollectionConfig } from '../config/collection.config';
import { SealsModule } from '../seals/seals.module';
import { SellerCopiesModule } from '../seller-copies/seller-copies.module';
import { UploadErrorsExport } from './upload-errors-export';
import { UploadPipelineService } from './upload-pipeline.service';
import { UploadReceiverService } from './upload-receiver.service';
import { UploadRecoveryService } from './upload-recovery.service';
import { UploadStagingRepository } from './upload-staging.repository';
import { UploadSweeperService } from './upload-sweeper.service';
import { UploadProcessor } from './upload.processor';
import { UploadsController } from './uploads.controller';
import { UploadsRepository } from './uploads.repository';
import { UploadsService } from './uploads.service';

const uploadsQueue = BullModule.registerQueueAsync({
  name: UPLOADS_QUEUE,
  inject: [CollectionConfig],
  useFactory: (config: CollectionConfig) => ({
    // A worker that dies stops renewing its lock; after lockDuration the job is stalled
    // and handed to the next worker, which resumes the upload where it stopped.
    settings: stalledJobSettings(config.UPLOAD_JOB_LOCK_MS, 5),
  }),
});

/**
 * Bulk uploads: the HTTP side always; the processing side (the processor and the sweeper
 * that re-enqueues uploads whose job is gone) where `worker` is true.
 */
@Module({})
export class UploadsModule {
  static register(options: { http: boolean; worker: boolean }): DynamicModule {
    const providers: Provider[] = [
      UploadsRepository,
      UploadStagingRepository,
      UploadPipelineService,
      UploadRecoveryService,
    ];
    if (options.http) providers.push(UploadsService, UploadReceiverService, UploadErrorsExport);
    if (options.worker) providers.push(UploadProcessor, UploadSweeperService);
    return {
      module: UploadsModule,
      imports: [uploadsQueue, RegistryDataModule, SealsModule, ClaimsModule, SellerCopiesModule],
      controllers: options.http ? [UploadsController] : [],
      providers,
    };
  }
}
