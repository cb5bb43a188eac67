import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { isoTime } from '../infra/http/iso-time.js';
import { ErrorBody } from '../infra/http/error-body.view.js';
import { User } from './user.entity.js';
import { UserView } from './user.view.js';
import { UserErrors } from './users.errors.js';
import { Access } from '../infra/auth/access.decorator.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'Get a user', description: 'PENDING while its registration saga runs, ACTIVE once it completed, SUSPENDED while its account closure runs, DELETED after a rollback or a closure.' })
  @ApiParam({ name: 'id', description: "The user id (the saga view's `userId`)." })
  @ApiOkResponse({ type: UserView })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such user.' })
  async findOne(@Param('id') id: string) {
    const user = await this.uow.read((manager) => manager.findOneBy(User, { id }));
    if (!user) throw UserErrors.notFound(id);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      status: user.status,
      createdAt: isoTime(user.createdAt),
      updatedAt: isoTime(user.updatedAt),
    };
  }
}
