import { Module } from '@nestjs/common';
import { VatReturnsController } from './vat-returns.controller';
import { VatReturnsRepository } from './vat-returns.repository';
import { VatReturnsService } from './vat-returns.service';

@Module({
  controllers: [VatReturnsController],
  providers: [VatReturnsRepository, VatReturnsService],
  exports: [VatReturnsRepository],
})
export class VatReturnsModule {}
