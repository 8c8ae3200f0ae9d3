import { Module } from '@nestjs/common';
import { ReviewModule } from '@app/review';
import { BureausModule } from '../bureaus/bureaus.module';
import { CaseRepository } from './case.repository';
import { FindingDetailRepository } from './finding-detail.repository';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

/** Findings review: lists, exports, detail and the case workflow (issue 6). */
@Module({
  imports: [ReviewModule, BureausModule],
  controllers: [FindingsController],
  providers: [FindingsService, FindingDetailRepository, CaseRepository],
})
export class FindingsModule {}
