import { describe, expect, it } from '@jest/globals';
import { enabledInstrumentations } from './instrumentation.js';

describe('enabledInstrumentations (OTEL_NODE_ENABLED_INSTRUMENTATIONS, OTEL_NODE_DISABLED_INSTRUMENTATIONS)', () => {
  it('is the server spans alone when neither is set: the query spans are opt-in', () => {
    expect([...enabledInstrumentations({})]).toEqual(['http']);
  });

  it('is what the enabled list names, less what the disabled one names', () => {
    expect([...enabledInstrumentations({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: ' http , pg ' })]).toEqual(['http', 'pg']);
    expect([...enabledInstrumentations({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'pg' })]).toEqual(['pg']);
    expect([...enabledInstrumentations({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pg', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' })]).toEqual(['http']);
    expect([...enabledInstrumentations({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' })]).toEqual([]);
  });
});
