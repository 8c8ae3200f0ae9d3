import { Module } from '@nestjs/common';
import { BureausModule } from '../bureaus/bureaus.module';
import { RiskController } from './risk.controller';
import { RiskRepository } from './risk.repository';
import { RiskService } from './risk.service';

/** Risk scores of taxpayers (issue 16): the ranking and the taxpayer's score, read-only. */
@Module({
  imports: [BureausModule],
  controllers: [RiskController],
  providers: [RiskService, RiskRepository],
})
export class RiskModule {}
