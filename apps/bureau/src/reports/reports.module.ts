import { Module } from '@nestjs/common';
import { BureausModule } from '../bureaus/bureaus.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Drill-down and trend reports over the audit engine's roll-ups and findings; read-only. */
@Module({
  imports: [BureausModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
