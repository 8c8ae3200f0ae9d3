import { Module } from '@nestjs/common';
import { PkiModule } from '../pki/pki.module';
import { InvoiceBatchExecutor } from './invoice-batch-executor';
import { InvoiceCorrectionsService } from './invoice-corrections.service';
import { InvoiceIssuerService } from './invoice-issuer.service';
import { InvoiceNumberAllocator } from './invoice-number-allocator';
import { InvoiceSealer } from './invoice-sealer';
import { InvoiceRepository } from './invoice.repository';
import { InvoicesController } from './invoices.controller';
import { IssueBatcherService } from './issue-batcher.service';
import { IssuingContextRepository } from './issuing-context.repository';
import { NumberCountersRepository } from './number-counters.repository';
import { SealedInvoiceWriter } from './sealed-invoice-writer';
import { SellerContextService } from './seller-context.service';

@Module({
  imports: [PkiModule],
  controllers: [InvoicesController],
  providers: [
    InvoiceIssuerService,
    IssueBatcherService,
    InvoiceBatchExecutor,
    InvoiceCorrectionsService,
    InvoiceNumberAllocator,
    NumberCountersRepository,
    InvoiceSealer,
    InvoiceRepository,
    SellerContextService,
    SealedInvoiceWriter,
    IssuingContextRepository,
  ],
  exports: [InvoiceRepository],
})
export class InvoicesModule {}
