import { isIPv6 } from 'node:net';
import type { Request } from 'express';
import type { Principal } from '../auth/access.decorator.js';

/**
 * Whose budget a POST counts against: an authenticated request's (AccessGuard has set
 * `request.principal`, it runs first) is its key's own, so a flood of anonymous registrations
 * from an address, or from everyone behind one proxy, cannot lock an operator out of retry and
 * resolve; an anonymous one's is its address's. An IPv6 address counts by its /64, the block
 * one subscriber is given, or a single client could rotate through 2^64 addresses.
 */
export function rateLimitKey(request: Request & { principal?: Principal }): string {
  if (request.principal) return `key ${request.principal.name}`;
  return `address ${addressBlock(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
}

/** An IPv4 address as it is (also an IPv4-mapped IPv6 one), an IPv6 address as its /64. */
export function addressBlock(address: string): string {
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  // Hand-expanded (node:net has no parser that returns the groups): the first four of eight.
  const [head, tail] = address.split('%')[0].split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
