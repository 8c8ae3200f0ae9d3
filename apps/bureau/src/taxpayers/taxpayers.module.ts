import { Module } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { BureausModule } from '../bureaus/bureaus.module';
import { TaxpayersController } from './taxpayers.controller';
import { TaxpayersService } from './taxpayers.service';

@Module({
  imports: [RegistryDataModule, BureausModule],
  controllers: [TaxpayersController],
  providers: [TaxpayersService],
})
export class TaxpayersModule {}
