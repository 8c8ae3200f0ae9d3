import { Module } from '@nestjs/common';
import { AuditRunsModule } from '@app/audit-runs';
import { BureausModule } from '../bureaus/bureaus.module';
import { AuditsController } from './audits.controller';
import { AuditsService } from './audits.service';

/**
 * Ad-hoc audit runs. The bureau only produces audit jobs (AuditRunsModule registers the
 * partition queue, and nothing here processes it); the audit worker consumes them. Needs
 * QueueModule.forRoot() in the app. AuditRunsModule.forRoot() is imported here and only
 * here: Nest 11 tells dynamic modules apart by reference, so a second forRoot() in the
 * app module would make a second launcher and a second queue connection.
 */
@Module({
  imports: [AuditRunsModule.forRoot(), BureausModule],
  controllers: [AuditsController],
  providers: [AuditsService],
})
export class AuditsModule {}
