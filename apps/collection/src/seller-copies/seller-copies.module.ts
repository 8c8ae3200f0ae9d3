import { Module } from '@nestjs/common';
import { RegistryDataModule } from '@app/database';
import { SealsModule } from '../seals/seals.module';
import { SellerCopiesController } from './seller-copies.controller';
import { SellerCopiesService } from './seller-copies.service';
import { SellerCopyIntakeRepository } from './seller-copy-intake.repository';

@Module({
  imports: [RegistryDataModule, SealsModule],
  controllers: [SellerCopiesController],
  providers: [SellerCopiesService, SellerCopyIntakeRepository],
  exports: [SellerCopyIntakeRepository],
})
export class SellerCopiesModule {}
