import { Module } from '@nestjs/common';
import { BureauRepository, TaxpayerPartiesRepository, TaxpayerRepository } from './registry';

/** Registry reads and writes, for any app that needs taxpayers or bureaus. */
@Module({
  providers: [BureauRepository, TaxpayerRepository, TaxpayerPartiesRepository],
  exports: [BureauRepository, TaxpayerRepository, TaxpayerPartiesRepository],
})
export class RegistryDataModule {}
