import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { PkiModule } from '../pki/pki.module';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';

@Module({
  imports: [InvoicesModule, PkiModule],
  controllers: [VerificationController],
  providers: [VerificationService],
})
export class VerificationModule {}
