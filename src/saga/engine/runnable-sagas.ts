import { Brackets, type EntityManager, type FindOptionsWhere, In, type SelectQueryBuilder } from 'typeorm';
import { epochMs } from '../../infra/database/epoch-ms.transformer.js';
import { SagaInstance } from './saga-instance.entity.js';
import type { SagaRegistry } from './saga-registry.js';

/**
 * `where`, once per registered type with its versions: only sagas this process may run. Empty
 * when nothing is registered (a find with no conditions would match every saga).
 */
export function runnableWhere(registry: SagaRegistry, where: FindOptionsWhere<SagaInstance> = {}): FindOptionsWhere<SagaInstance>[] {
  const versions = new Map<string, number[]>();
  for (const d of registry.all()) versions.set(d.type, [...(versions.get(d.type) ?? []), d.version]);
  return [...versions].map(([type, list]) => ({ ...where, type, definitionVersion: In(list) }));
}

/**
 * The ids of up to `limit` runnable sagas whose wake-up time has come, earliest first; null
 * when nothing is registered.
 *
 * `wake_at <= now` stands outside the per-type OR on purpose. Repeated inside each branch,
 * SQLite cannot use it as a range while it orders by the same index: it walks every entry of
 * IDX_sagas_wake_at, the finished sagas' NULLs included (50 ms a poll with 1,000,000 stored,
 * on the one thread). Outside, it is a range search of the due entries only.
 */
export function dueSagasQuery(manager: EntityManager, registry: SagaRegistry, now: number, limit: number): SelectQueryBuilder<SagaInstance> | null {
  const types = runnableWhere(registry);
  if (types.length === 0) return null;
  return manager
    .createQueryBuilder(SagaInstance, 's')
    .select('s.id', 'id')
    .where('s.wakeAt <= :now', { now: epochMs.to(now) })
    .andWhere(new Brackets((runnable) => runnable.where(types)))
    .orderBy('s.wakeAt', 'ASC')
    .limit(limit);
}
