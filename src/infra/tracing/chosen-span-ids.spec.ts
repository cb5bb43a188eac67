import { describe, expect, it } from '@jest/globals';
import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { ChosenSpanIds } from './chosen-span-ids.js';

describe('ChosenSpanIds', () => {
  it('makes valid, distinct random ids across pool refills', () => {
    const ids = new ChosenSpanIds();
    const spans = Array.from({ length: 1000 }, () => ids.generateSpanId());
    const traces = Array.from({ length: 1000 }, () => ids.generateTraceId());
    expect(spans.every(isValidSpanId)).toBe(true);
    expect(traces.every(isValidTraceId)).toBe(true);
    expect(new Set([...spans, ...traces]).size).toBe(2000);
  });

  it('hands out the chosen span id once, then random ones again', () => {
    const ids = new ChosenSpanIds();
    ids.next = '00f067aa0ba902b7';
    expect(ids.generateSpanId()).toBe('00f067aa0ba902b7');
    expect(ids.generateSpanId()).not.toBe('00f067aa0ba902b7');
  });
});
