import { DomainError } from '../../infra/domain-error.js';

export const IncidentErrors = {
  notFound: (id: string) => new DomainError('INCIDENT.NOT_FOUND', 'not_found', `Incident ${id} not found`),
  retryRunning: (id: string, sagaId: string) =>
    new DomainError(
      'INCIDENT.RETRY_RUNNING',
      'conflict',
      `Incident ${id} cannot be resolved by hand while saga ${sagaId} retries its compensations; wait for the retry to end`,
    ),
  alreadyResolved: (id: string) => new DomainError('INCIDENT.ALREADY_RESOLVED', 'conflict', `Incident ${id} is already resolved`),
};
