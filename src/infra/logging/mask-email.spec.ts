import { describe, expect, it } from '@jest/globals';
import { maskEmails } from './mask-email.js';

describe('maskEmails', () => {
  it('keeps the first letter and the domain of every address in a text', () => {
    expect(maskEmails('Starting saga for ada@example.com')).toBe('Starting saga for a***@example.com');
    expect(maskEmails('tell grace.hopper+x@mail.example.org and b@ex.io')).toBe('tell g***@mail.example.org and b***@ex.io');
    expect(maskEmails('{"email":"ada@example.com"}')).toBe('{"email":"a***@example.com"}');
  });

  it('leaves texts without an address alone, and is idempotent', () => {
    expect(maskEmails('Step 1/3: create-account (attempt 1) @ 10:00')).toBe('Step 1/3: create-account (attempt 1) @ 10:00');
    expect(maskEmails(maskEmails('ada@example.com'))).toBe('a***@example.com');
  });
});
