import { Module } from '@nestjs/common';
import { SealCheckerService } from './seal-checker.service';
import { SellerCertificatesRepository } from './seller-certificates.repository';

@Module({ providers: [SealCheckerService, SellerCertificatesRepository], exports: [SealCheckerService] })
export class SealsModule {}
