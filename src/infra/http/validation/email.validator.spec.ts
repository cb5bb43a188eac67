import { describe, expect, it } from '@jest/globals';
import { emailRefusal, normalizeEmail } from './email.validator.js';

describe('e-mail addresses', () => {
  it('normalizes to NFC, lower case, ASCII blanks trimmed', () => {
    expect(normalizeEmail('  Ada@Example.COM\t')).toBe('ada@example.com');
    expect(normalizeEmail('rene\u0301@example.com')).toBe('ren\u00e9@example.com');
    expect(normalizeEmail('\u00a0ada@example.com')).toBe('\u00a0ada@example.com');
  });

  it('leaves what is not well-formed text as it came, for the rule to refuse', () => {
    expect(normalizeEmail('\ud800A@example.com')).toBe('\ud800A@example.com');
    expect(normalizeEmail(42)).toBe(42);
  });

  it.each([
    ['\u200b', 'U+200B'],
    ['\u00ad', 'U+00AD'],
    ['\u200e', 'U+200E'],
    ['\u200f', 'U+200F'],
    ['\u202a', 'U+202A'],
    ['\u202e', 'U+202E'],
    ['\u2066', 'U+2066'],
    ['\ufeff', 'U+FEFF'],
    ['\u2060', 'U+2060'],
    ['\u3164', 'U+3164'],
    ['\u0007', 'U+0007'],
  ])('refuses an address holding %j (%s)', (char, name) => {
    expect(emailRefusal(`ada${char}@example.com`, 'email')).toBe(`email must not contain invisible, control or bidi characters (${name})`);
  });

  it('refuses a lone surrogate and NUL without calling validator.js (whose isEmail throws on them)', () => {
    expect(emailRefusal('\ud800a@example.com', 'email')).toBe('email must be well-formed text without NUL characters');
    expect(emailRefusal('a@example.com\udc00', 'email')).toBe('email must be well-formed text without NUL characters');
    expect(emailRefusal('a\u0000@example.com', 'email')).toBe('email must be well-formed text without NUL characters');
  });

  it('takes ordinary and international addresses, and refuses the rest', () => {
    expect(emailRefusal('ada@example.com', 'email')).toBeNull();
    expect(emailRefusal('ren\u00e9@exampl\u00e9.fr', 'email')).toBeNull();
    expect(emailRefusal('not-an-email', 'email')).toBe('email must be an email');
    expect(emailRefusal(`${'a'.repeat(250)}@example.com`, 'email')).toBe('email must be shorter than or equal to 254 characters');
    expect(emailRefusal(7, 'email')).toBe('email must be a string');
  });
});
