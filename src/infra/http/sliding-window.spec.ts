import { describe, expect, it } from '@jest/globals';
import { SlidingWindow } from './sliding-window.js';

describe('SlidingWindow', () => {
  it('accepts `limit` hits in a window, then refuses until the oldest leaves it', () => {
    const window = new SlidingWindow(3, 60_000);
    expect(window.hit('a', 0)).toEqual({ allowed: true, remaining: 2 });
    expect(window.hit('a', 10_000)).toEqual({ allowed: true, remaining: 1 });
    expect(window.hit('a', 20_000)).toEqual({ allowed: true, remaining: 0 });
    expect(window.hit('a', 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(window.hit('a', 59_999)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(window.hit('a', 60_000)).toEqual({ allowed: true, remaining: 0 });
    expect(window.hit('a', 60_001)).toEqual({ allowed: false, retryAfterMs: 9_999 });
  });

  it('counts each key on its own, and does not count refused hits', () => {
    const window = new SlidingWindow(1, 1_000);
    expect(window.hit('a', 0).allowed).toBe(true);
    expect(window.hit('b', 0).allowed).toBe(true);
    for (let t = 1; t < 1_000; t += 100) expect(window.hit('a', t).allowed).toBe(false);
    expect(window.hit('a', 1_000).allowed).toBe(true);
  });

  it('forgets idle keys when swept', () => {
    const window = new SlidingWindow(5, 1_000);
    window.hit('a', 0);
    window.hit('b', 900);
    window.sweep(1_500);
    expect(window.size).toBe(1);
    window.sweep(1_900);
    expect(window.size).toBe(0);
  });
});
