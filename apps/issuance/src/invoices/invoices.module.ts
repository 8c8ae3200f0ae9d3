import { Module } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { PkiModule } from '../pki/pki.module';
import { InvoiceCorrections } from './invoice-corrections.service';
import { InvoiceIssuer } from './invoice-issuer.service';
import { InvoiceNumberAllocator } from './invoice-number.allocator';
import { InvoiceSealer } from './invoice-sealer';
import { InvoiceRepository } from './invoice.repository';
import { InvoicesController } from './invoices.controller';
import { SellerContextService } from './seller-context.service';

@Module({
  imports: [PkiModule, RegistryDataModule],
  controllers: [InvoicesController],
  providers: [
    InvoiceIssuer,
    InvoiceCorrections,
    InvoiceNumberAllocator,
    InvoiceSealer,
    InvoiceRepository,
    SellerContextService,
  ],
  exports: [InvoiceRepository],
})
export class InvoicesModule {}
