import { DomainError } from '../../infra/domain-error.js';
import type { SagaInstance } from './saga-instance.entity.js';

export const SagaErrors = {
  notFound: (id: string) => new DomainError('SAGA.NOT_FOUND', 'not_found', `Saga ${id} not found`),
  notRetryable: (id: string, status: string) =>
    new DomainError('SAGA.NOT_RETRYABLE', 'conflict', `Saga ${id} is ${status}; only a PARTIALLY_ROLLED_BACK saga, or one waiting to retry a step, can be retried`),
  notCancellable: (id: string, why: string) => new DomainError('SAGA.NOT_CANCELLABLE', 'conflict', `Saga ${id} cannot be cancelled: ${why}`),
  resolvedByHand: (id: string, incidentId: string) =>
    new DomainError(
      'SAGA.RESOLVED_BY_HAND',
      'conflict',
      `Saga ${id} is not retried: its incident ${incidentId} was resolved by hand, and the effects may already have been undone`,
    ),
  blocked: (saga: SagaInstance) =>
    new DomainError('SAGA.BLOCKED', 'conflict', `Saga ${saga.id} is blocked: ${blockedReason(saga.type, saga.definitionVersion)}`),
  badCursor: () => new DomainError('SAGA.BAD_CURSOR', 'invalid', 'cursor is not one this API returned'),
};

/** Why a saga in flight does not run here: the one wording the log, the view and the error share. */
export const blockedReason = (type: string, version: number) =>
  `it started under ${type} v${version}, which this process does not register; register v${version} beside the new version to let it finish`;
