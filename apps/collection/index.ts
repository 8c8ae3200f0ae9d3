/**
 * The collection app's public door: what the CLI, the benches and the scripts may use of
 * it. Nothing outside apps/collection imports from its src/ (lint: no-restricted-imports).
 */
export { CollectionConfig } from './src/config/collection.config';
// `npm run cli -- uploads resume` reconciles an upload through the app's own recovery.
export { UploadRecoveryService } from './src/uploads/upload-recovery.service';
export { UploadsRepository } from './src/uploads/uploads.repository';
