import { Module } from '@nestjs/common';
import { BureauRepository, TaxpayerRepository } from './registry';

/** Registry reads and writes, for any app that needs taxpayers or bureaus. */
@Module({
  providers: [BureauRepository, TaxpayerRepository],
  exports: [BureauRepository, TaxpayerRepository],
})
export class RegistryDataModule {}
