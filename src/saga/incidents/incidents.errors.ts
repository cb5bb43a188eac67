import { DomainError } from '../../infra/domain-error.js';

export const IncidentErrors = {
  notFound: (id: string) => new DomainError('INCIDENT.NOT_FOUND', 'not_found', `Incident ${id} not found`),
  alreadyResolved: (id: string) => new DomainError('INCIDENT.ALREADY_RESOLVED', 'conflict', `Incident ${id} is already resolved`),
};
