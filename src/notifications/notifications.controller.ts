import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { isoTime } from '../infra/http/iso-time.js';
import { ErrorBody } from '../infra/http/error-body.view.js';
import { Notification } from './notification.entity.js';
import { NotificationView } from './notification.view.js';
import { Access } from '../infra/auth/access.decorator.js';

export class NotificationsQuery {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: 64, description: 'The user whose notifications to list.' })
  @IsString() @MinLength(1) @MaxLength(64)
  userId: string;
}

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: "List a user's notifications", description: 'Oldest first: the welcome e-mail and, after a closure, the goodbye e-mail; SENT, FAILED or CANCELLED.' })
  @ApiOkResponse({ type: NotificationView, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBody, description: '`userId` missing or invalid, or an unknown parameter.' })
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
      createdAt: isoTime(n.createdAt),
      updatedAt: isoTime(n.updatedAt),
    }));
  }
}
