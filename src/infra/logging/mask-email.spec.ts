import { describe, expect, it } from '@jest/globals';
import { maskEmails, maskUrlEmails } from './mask-email.js';

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

  it('masks addresses in a URL, also percent-encoded, leaving the rest of it as it was', () => {
    expect(maskEmails('/sagas?email=ada4%40example.com')).toBe('/sagas?email=a***@example.com');
    expect(maskUrlEmails('/sagas?email=ada.secret@example.com&limit=2')).toBe('/sagas?email=a***@example.com&limit=2');
    expect(maskUrlEmails('/sagas?email=%61da%40example%2Ecom%0A')).toBe('/sagas?email=a***@example.com%0A');
    expect(maskUrlEmails('/sagas?q=ada%40example.com%ZZ')).toBe('/sagas?q=a***@example.com%ZZ');
    expect(maskUrlEmails('/sagas/x%0D%0Ay?status=OPEN')).toBe('/sagas/x%0D%0Ay?status=OPEN');
  });
});
