import { Module } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { BureausController } from './bureaus.controller';
import { BureausService } from './bureaus.service';

@Module({
  imports: [RegistryDataModule],
  controllers: [BureausController],
  providers: [BureausService],
  exports: [BureausService],
})
export class BureausModule {}
