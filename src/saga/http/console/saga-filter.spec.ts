import { describe, expect, it } from '@jest/globals';
import { filterHref, parseFilter } from './saga-filter.js';

describe('the list filter form', () => {
  it('drops the blank fields a GET form sends, and reads datetime-local times as UTC', async () => {
    const filter = await parseFilter({ status: '', type: 'user-registration', email: '', createdFrom: '2026-12-02T01:15', createdTo: '2026-12-02T02:00:30', stuck: 'true' });
    expect(filter).toEqual({ type: 'user-registration', createdFrom: '2026-12-02T01:15:00Z', createdTo: '2026-12-02T02:00:30Z', stuck: true });
  });

  it('refuses what GET /sagas refuses, with its messages', async () => {
    await expect(parseFilter({ status: 'DONE' })).rejects.toMatchObject({ response: { message: [expect.stringContaining('status must be one of')] } });
    await expect(parseFilter({ limit: '5' })).rejects.toMatchObject({ response: { message: ['property limit should not exist'] } });
    await expect(parseFilter({ createdFrom: 'yesterday' })).rejects.toMatchObject({ response: { message: ['createdFrom must be an ISO 8601 date-time'] } });
  });

  it('builds the list address back from a filter', () => {
    expect(filterHref({})).toBe('/console');
    expect(filterHref({ status: 'RUNNING', stuck: false, email: 'a+b@example.com', cursor: 'Yz' })).toBe('/console?status=RUNNING&email=a%2Bb%40example.com&cursor=Yz');
  });
});
