import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivateAccountHandler } from './activate-account.handler.js';
import { CreateAccountHandler } from './create-account.handler.js';
import { DeleteAccountHandler } from './delete-account.handler.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [CreateAccountHandler, DeleteAccountHandler, ActivateAccountHandler],
})
export class UsersModule {}
