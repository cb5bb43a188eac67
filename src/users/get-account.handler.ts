import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../infra/database/unit-of-work.js';
import { type AccountSummary, GetAccount } from './get-account.query.js';
import { User } from './user.entity.js';

@QueryHandler(GetAccount)
export class GetAccountHandler implements IQueryHandler<GetAccount, AccountSummary | null> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ userId }: GetAccount): Promise<AccountSummary | null> {
    const user = await this.uow.read((manager) => manager.findOneBy(User, { id: userId }));
    return user && { id: user.id, email: user.email, name: user.name, status: user.status };
  }
}
