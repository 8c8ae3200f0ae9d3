import { Module } from '@nestjs/common';
import { PkiModule } from '../pki/pki.module';
import { PublicCheckLimiter } from './public-check-limiter';
import { VerificationController } from './verification.controller';
import { VerificationRepository } from './verification.repository';
import { VerificationService } from './verification.service';

@Module({
  imports: [PkiModule],
  controllers: [VerificationController],
  providers: [VerificationService, VerificationRepository, PublicCheckLimiter],
})
export class VerificationModule {}
