import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivateAccountHandler } from './activate-account.handler.js';
import { CloseAccountHandler } from './close-account.handler.js';
import { CreateAccountHandler } from './create-account.handler.js';
import { DeleteAccountHandler } from './delete-account.handler.js';
import { GetAccountHandler } from './get-account.handler.js';
import { ReactivateAccountHandler } from './reactivate-account.handler.js';
import { SuspendAccountHandler } from './suspend-account.handler.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [
    CreateAccountHandler,
    DeleteAccountHandler,
    ActivateAccountHandler,
    SuspendAccountHandler,
    ReactivateAccountHandler,
    CloseAccountHandler,
    GetAccountHandler,
  ],
})
export class UsersModule {}
