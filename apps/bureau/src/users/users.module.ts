import { Module } from '@nestjs/common';
import { BureausModule } from '../bureaus/bureaus.module';
import { NationalAdminBootstrap } from './national-admin-bootstrap';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [BureausModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, NationalAdminBootstrap],
  exports: [UsersRepository],
})
export class UsersModule {}
