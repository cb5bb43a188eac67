import { describe, expect, it } from '@jest/globals';
import { InvalidApiKeys, parseApiKeys } from './api-keys.js';
import { KeyRing } from './key-ring.js';

const VIEWER = 'viewer-secret-0123456789abcdef';
const OPERATOR = 'operator-secret-0123456789abcdef';

describe('KeyRing', () => {
  const ring = new KeyRing([
    { name: 'dash', role: 'viewer', secret: VIEWER },
    { name: 'anna', role: 'operator', secret: OPERATOR },
  ]);

  it('names the key whose secret is presented, whichever position it has', () => {
    expect(ring.identify(VIEWER)).toEqual({ name: 'dash', role: 'viewer' });
    expect(ring.identify(OPERATOR)).toEqual({ name: 'anna', role: 'operator' });
  });

  it('knows no secret that differs by one character, by length, or by case', () => {
    for (const wrong of [`${OPERATOR.slice(0, -1)}g`, OPERATOR.slice(0, -1), `${OPERATOR}x`, OPERATOR.toUpperCase(), '', 'x']) {
      expect(ring.identify(wrong)).toBeUndefined();
    }
  });

  it('knows nothing when no key is configured', () => {
    expect(new KeyRing([]).identify(VIEWER)).toBeUndefined();
  });
});

describe('parseApiKeys', () => {
  it('reads name:role:secret entries, trimming the space around commas; a secret may hold colons', () => {
    expect(parseApiKeys(`dash:viewer:${VIEWER}, anna:operator:${OPERATOR}:x`)).toEqual([
      { name: 'dash', role: 'viewer', secret: VIEWER },
      { name: 'anna', role: 'operator', secret: `${OPERATOR}:x` },
    ]);
  });

  it.each([
    ['no colons', OPERATOR, 'entry 1 of 1 is not name:role:secret'],
    ['an unknown role', `anna:root:${OPERATOR}`, 'the role must be one of viewer, operator, admin'],
    ['fields out of order', `anna:${OPERATOR}:operator`, 'the role must be one of'],
    ['a short secret', 'anna:operator:short-secret-0123', 'at least 24 characters'],
    ['white space in a secret', 'anna:operator:operator secret 0123456789abcdef', 'white space'],
    ['an empty name', `:operator:${OPERATOR}`, 'the name must be'],
    ['a name used twice', `anna:viewer:${VIEWER},anna:operator:${OPERATOR}`, 'the name anna is used twice'],
    ['a secret used twice', `dash:viewer:${VIEWER},anna:operator:${VIEWER}`, "the same as another entry's"],
    ['an empty entry', `dash:viewer:${VIEWER},`, 'entry 2 of 2 is not name:role:secret'],
  ])('refuses %s without repeating any secret', (_, text, reason) => {
    const result = parseApiKeys(text);
    expect(result).toBeInstanceOf(InvalidApiKeys);
    const message = (result as InvalidApiKeys).reason;
    expect(message).toContain(reason);
    for (const secret of [VIEWER, OPERATOR, 'short-secret-0123', 'operator secret']) expect(message).not.toContain(secret);
  });
});
