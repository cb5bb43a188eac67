import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CancelWelcomeEmailHandler } from './cancel-welcome-email.handler.js';
import { mailerProvider } from './mailer.provider.js';
import { Notification } from './notification.entity.js';
import { NotificationsController } from './notifications.controller.js';
import { SendWelcomeEmailHandler } from './send-welcome-email.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  controllers: [NotificationsController],
  providers: [SendWelcomeEmailHandler, CancelWelcomeEmailHandler, mailerProvider],
})
export class NotificationsModule {}
