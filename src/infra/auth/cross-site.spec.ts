import { describe, expect, it } from '@jest/globals';
import { isCrossSiteWrite } from './cross-site.js';

describe('isCrossSiteWrite', () => {
  it.each([
    ['POST', { 'sec-fetch-site': 'cross-site' }, true],
    ['POST', { 'sec-fetch-site': 'same-site' }, true],
    ['PUT', { 'sec-fetch-site': 'cross-site' }, true],
    ['DELETE', { 'sec-fetch-site': 'cross-site' }, true],
    ['POST', { 'sec-fetch-site': 'same-origin' }, false],
    ['POST', { 'sec-fetch-site': 'none' }, false],
    ['GET', { 'sec-fetch-site': 'cross-site' }, false],
    ['POST', { origin: 'https://evil.example', host: 'api.example.com' }, true],
    ['POST', { origin: 'null', host: 'api.example.com' }, true],
    ['POST', { origin: 'https://api.example.com', host: 'api.example.com' }, false],
    // curl, scripts, other services: no browser headers at all.
    ['POST', { host: 'api.example.com' }, false],
  ])('%s with %j: %s', (method, headers, refused) => {
    expect(isCrossSiteWrite(method, headers)).toBe(refused);
  });
});
