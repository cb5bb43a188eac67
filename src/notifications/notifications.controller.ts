import { Controller, Get, Query } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { Notification } from './notification.entity.js';

export class NotificationsQuery {
  @IsString() @MinLength(1) @MaxLength(64)
  userId: string;
}

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  async list(@Query() query: NotificationsQuery) {
    const notifications = await this.uow.read((manager) =>
      manager.find(Notification, { where: { userId: query.userId }, order: { createdAt: 'ASC' } }),
    );
    return notifications.map((n) => ({
      id: n.id,
      userId: n.userId,
      sagaId: n.sagaId,
      channel: n.channel,
      recipient: n.recipient,
      status: n.status,
      error: n.error,
      createdAt: new Date(n.createdAt).toISOString(),
      updatedAt: new Date(n.updatedAt).toISOString(),
    }));
  }
}
