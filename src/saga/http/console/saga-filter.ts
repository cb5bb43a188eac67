import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ListSagasQuery } from '../list-sagas.query.js';
import type { SagaViews } from '../saga-views.js';

/** One item of GET /sagas, as SagaViews builds it from the definitions. */
export type SagaSummary = Awaited<ReturnType<SagaViews['list']>>['items'][number];

/** The list's filters, as the API's GET /sagas takes them. */
export type SagaFilter = Pick<ListSagasQuery, 'status' | 'type' | 'email' | 'stuck' | 'createdFrom' | 'createdTo' | 'cursor'>;

const FILTER_FIELDS = ['status', 'type', 'email', 'stuck', 'createdFrom', 'createdTo', 'cursor'] as const;
/** What a datetime-local field sends: no zone, maybe no seconds. The console's times are UTC. */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/;

/**
 * The filter form's query, checked by the API's own ListSagasQuery rules (same messages, same
 * limits). A browser sends every field of a GET form, empty ones included, and datetime-local
 * fields without a zone, so blanks are dropped and those times read as UTC first; anything
 * else is refused (400) exactly as GET /sagas would refuse it.
 */
export async function parseFilter(raw: Record<string, unknown>): Promise<SagaFilter> {
  const given: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === '') continue;
    given[name] = typeof value === 'string' && (name === 'createdFrom' || name === 'createdTo') ? asUtc(value) : value;
  }
  const unknown = Object.keys(given).filter((name) => !(FILTER_FIELDS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new BadRequestException(unknown.map((name) => `property ${name} should not exist`));
  const query = plainToInstance(ListSagasQuery, given);
  const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? {})).slice(0, 10));
  return Object.fromEntries(FILTER_FIELDS.filter((f) => query[f] !== undefined).map((f) => [f, query[f]])) as SagaFilter;
}

function asUtc(value: string): string {
  const match = LOCAL_TIME.exec(value);
  return match ? `${match[1]}${match[2] ?? ':00'}Z` : value;
}

/** The console list's address for these filters. */
export function filterHref(filter: SagaFilter): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = filter[field];
    if (value !== undefined && value !== false) params.set(field, String(value));
  }
  const query = params.toString();
  return query ? `/console?${query}` : '/console';
}
