import { sandboxId } from './sandbox-id.js';

describe('sandboxId', () => {
  it('is the prefix and 24 hex digits, different each time', () => {
    const ids = Array.from({ length: 1000 }, () => sandboxId('ch'));
    for (const id of ids) expect(id).toMatch(/^ch_[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
