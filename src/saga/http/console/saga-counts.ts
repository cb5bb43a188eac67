import { Injectable } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import { UnitOfWork } from '../../../infra/database/unit-of-work.js';
import { SagaInstance } from '../../engine/saga-instance.entity.js';
import { type SagaStatus, UNFINISHED_SAGA_STATUSES } from '../../engine/saga-status.js';

/** Statuses that need a person's eye: counted exactly on every page view (small sets, index ranges). */
const WATCHED: readonly SagaStatus[] = [...UNFINISHED_SAGA_STATUSES, 'PARTIALLY_ROLLED_BACK'];
/** Statuses that grow without bound: counted at most this often, in the background. */
const SETTLED_REFRESH_MS = 30_000;

export interface SagaCountsView {
  byStatus: Partial<Record<SagaStatus, number>>;
  stuck: number;
  /** When COMPLETED and ROLLED_BACK were last counted (they may lag by up to 30 s). */
  settledCountedAt: number | null;
}

/**
 * The counts per status over the list. The statuses that need attention (RUNNING, COMPENSATING,
 * PARTIALLY_ROLLED_BACK, stuck) are exact on every view: each is a range of IDX_sagas_status_created
 * holding only the sagas in that status, so it costs what is in flight, not what is stored. The
 * settled ones (COMPLETED, ROLLED_BACK: a million rows after a while) are one index-only GROUP BY
 * on the same index, run at most every 30 s and never while a page waits (stale-while-revalidate:
 * the page shows the last figure and when it was taken), so a page view never scans a million
 * rows. A cache in memory per process: another instance has its own, which is fine for a figure
 * labelled with its age.
 */
@Injectable()
export class SagaCounts {
  private settled: { at: number; byStatus: Partial<Record<SagaStatus, number>> } | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  async current(): Promise<SagaCountsView> {
    const now = Date.now();
    if (!this.settled || now - this.settled.at > SETTLED_REFRESH_MS) this.refreshing ??= this.countSettled().finally(() => (this.refreshing = null));
    // Only the very first view waits for the settled counts; later ones take what is there.
    if (!this.settled) await this.refreshing;
    const watched = await this.uow.readApart(async (manager) => {
      const byStatus: Partial<Record<SagaStatus, number>> = {};
      for (const status of WATCHED) byStatus[status] = await manager.count(SagaInstance, { where: { status } });
      const stuck = await manager.count(SagaInstance, {
        where: { status: In([...UNFINISHED_SAGA_STATUSES]), createdAt: LessThan(now - this.config.SAGA_STUCK_AFTER_MS) },
      });
      return { byStatus, stuck };
    });
    return { byStatus: { ...this.settled?.byStatus, ...watched.byStatus }, stuck: watched.stuck, settledCountedAt: this.settled?.at ?? null };
  }

  private async countSettled(): Promise<void> {
    const at = Date.now();
    const rows: Array<{ status: SagaStatus; count: string | number }> = await this.uow.readApart((manager) =>
      manager
        .createQueryBuilder(SagaInstance, 's')
        .select('s.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .where('s.status IN (:...settled)', { settled: ['COMPLETED', 'ROLLED_BACK'] })
        .groupBy('s.status')
        .getRawMany(),
    );
    this.settled = { at, byStatus: { COMPLETED: 0, ROLLED_BACK: 0, ...Object.fromEntries(rows.map((r) => [r.status, Number(r.count)])) } };
  }
}
