import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CancelWelcomeEmailHandler } from './cancel-welcome-email.handler.js';
import { mailerProvider } from './mailer.provider.js';
import { Notification } from './notification.entity.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationsController } from './notifications.controller.js';
import { SendGoodbyeEmailHandler } from './send-goodbye-email.handler.js';
import { SendWelcomeEmailHandler } from './send-welcome-email.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  controllers: [NotificationsController],
  providers: [NotificationSender, SendWelcomeEmailHandler, SendGoodbyeEmailHandler, CancelWelcomeEmailHandler, mailerProvider],
})
export class NotificationsModule {}
