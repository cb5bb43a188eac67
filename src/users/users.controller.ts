import { Controller, Get, Param } from '@nestjs/common';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { User } from './user.entity.js';
import { UserErrors } from './users.errors.js';

@Controller('users')
export class UsersController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get(':id')
  async findOne(@Param('id') id: string) {
    const user = await this.uow.read((manager) => manager.findOneBy(User, { id }));
    if (!user) throw UserErrors.notFound(id);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      status: user.status,
      createdAt: new Date(user.createdAt).toISOString(),
      updatedAt: new Date(user.updatedAt).toISOString(),
    };
  }
}
