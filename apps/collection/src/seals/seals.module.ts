import { Module } from '@nestjs/common';
import { SealChecker } from './seal-checker.service';
import { SellerCertificatesRepository } from './seller-certificates.repository';

@Module({ providers: [SealChecker, SellerCertificatesRepository], exports: [SealChecker] })
export class SealsModule {}
