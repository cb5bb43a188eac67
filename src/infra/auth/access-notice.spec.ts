import { describe, expect, it } from '@jest/globals';
import { accessNotice } from './access-notice.js';
import { parseApiKeys } from './api-keys.js';

describe('accessNotice', () => {
  it('without keys, warns that only the open routes answer and offers a fresh, valid example key', () => {
    const first = accessNotice([]);
    expect(first.level).toBe('warn');
    expect(first.text).toContain('API_KEYS is unset');
    const example = /API_KEYS=(\S+)/.exec(first.text)![1];
    expect(parseApiKeys(example)).toEqual([{ name: 'me', role: 'admin', secret: expect.any(String) }]);
    expect(accessNotice([]).text).not.toContain(example);
  });

  it('with keys, names them and their roles, never a secret', () => {
    const notice = accessNotice([{ name: 'anna', role: 'operator', secret: 'operator-secret-0123456789abcdef' }]);
    expect(notice).toEqual({ level: 'log', text: 'API keys: anna (operator)' });
  });
});
