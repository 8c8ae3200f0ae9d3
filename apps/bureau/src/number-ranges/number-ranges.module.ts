import { Module } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { NumberRangesController } from './number-ranges.controller';
import { NumberRangesRepository } from './number-ranges.repository';
import { NumberRangesService } from './number-ranges.service';

@Module({
  imports: [RegistryDataModule],
  controllers: [NumberRangesController],
  providers: [NumberRangesService, NumberRangesRepository],
})
export class NumberRangesModule {}
