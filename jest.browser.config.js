import base from './jest.config.js';

/**
 * `npm run test:browser`: the console in a real Chromium against the built server (so after
 * `npm run build`). Apart from `npm test`, which needs no browser. A browser step waits for
 * pages and sagas, hence the longer per-test limit.
 */
export default { ...base, roots: ['<rootDir>/test'], testRegex: '.*\\.browser-spec\\.ts$', testTimeout: 60_000 };
