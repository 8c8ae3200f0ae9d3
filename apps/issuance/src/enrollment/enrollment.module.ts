import { Module } from '@nestjs/common';
import { EnterpriseAuthModule } from '@app/auth';
import { PkiModule } from '../pki/pki.module';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentService } from './enrollment.service';
import { EnrollmentsRepository } from './enrollments.repository';

@Module({
  imports: [PkiModule, EnterpriseAuthModule],
  controllers: [EnrollmentController],
  providers: [EnrollmentService, EnrollmentsRepository],
})
export class EnrollmentModule {}
