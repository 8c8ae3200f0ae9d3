import { Module } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { EnrollmentTokensController } from './enrollment-tokens.controller';
import { EnrollmentTokensRepository } from './enrollment-tokens.repository';
import { EnrollmentTokensService } from './enrollment-tokens.service';

@Module({
  imports: [RegistryDataModule],
  controllers: [EnrollmentTokensController],
  providers: [EnrollmentTokensService, EnrollmentTokensRepository],
})
export class EnrollmentTokensModule {}
