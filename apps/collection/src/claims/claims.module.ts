import { Module } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { SealsModule } from '../seals/seals.module';
import { ClaimIntakeRepository } from './claim-intake.repository';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';

@Module({
  imports: [RegistryDataModule, SealsModule],
  controllers: [ClaimsController],
  providers: [ClaimsService, ClaimIntakeRepository],
  exports: [ClaimIntakeRepository],
})
export class ClaimsModule {}
