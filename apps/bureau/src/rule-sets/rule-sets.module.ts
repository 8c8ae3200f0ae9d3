import { Module } from '@nestjs/common';
import { RuleSetsRepository } from '@app/audit-runs';
import { RuleSetsController } from './rule-sets.controller';
import { RuleSetsService } from './rule-sets.service';

/**
 * Rule sets over HTTP. RuleSetsRepository is provided here rather than taken from
 * AuditRunsModule.forRoot(), which brings the audit queue and must be imported once (see
 * AuditsModule); the repository only needs the database.
 */
@Module({
  controllers: [RuleSetsController],
  providers: [RuleSetsService, RuleSetsRepository],
})
export class RuleSetsModule {}
