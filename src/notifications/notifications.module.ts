import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CancelWelcomeEmailHandler } from './cancel-welcome-email.handler.js';
import { Mailer } from './mailer.port.js';
import { Notification } from './notification.entity.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationsController } from './notifications.controller.js';
import { SandboxMailer } from './sandbox-mailer.js';
import { SendGoodbyeEmailHandler } from './send-goodbye-email.handler.js';
import { SendWelcomeEmailHandler } from './send-welcome-email.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  controllers: [NotificationsController],
  providers: [
    NotificationSender,
    SendWelcomeEmailHandler,
    SendGoodbyeEmailHandler,
    CancelWelcomeEmailHandler,
    { provide: Mailer, useClass: SandboxMailer },
  ],
})
export class NotificationsModule {}
