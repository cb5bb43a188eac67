import { describe, expect, it } from '@jest/globals';
import { addressBlock } from './rate-limit-key.js';

describe('addressBlock', () => {
  it('keeps an IPv4 address, also one mapped into IPv6', () => {
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of an IPv6 /64 as one, however it is spelled', () => {
    const block = '2001:db8:0:1::/64';
    for (const address of ['2001:db8:0:1::1', '2001:0db8:0000:0001:ffff:ffff:ffff:ffff', '2001:DB8:0:1:a:b:c:d', '2001:db8::1:0:0:0:5', '2001:db8:0:1::1%eth0', '2001:db8:0:1::192.0.2.1']) {
      expect(addressBlock(address)).toBe(block);
    }
    expect(addressBlock('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('fe80::1')).toBe('fe80:0:0:0::/64');
  });
});
