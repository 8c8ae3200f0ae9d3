import { Module } from '@nestjs/common';
import { EnterpriseAuthModule } from '@app/auth';
import { PkiModule } from '../pki/pki.module';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentService } from './enrollment.service';

@Module({
  imports: [PkiModule, EnterpriseAuthModule],
  controllers: [EnrollmentController],
  providers: [EnrollmentService],
})
export class EnrollmentModule {}
