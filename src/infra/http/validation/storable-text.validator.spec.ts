import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ResolveIncidentDto } from '../../../saga/http/incidents.controller.js';

const refusals = (note: string) => validateSync(plainToInstance(ResolveIncidentDto, { note })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('IsStorableText on an incident note', () => {
  it('refuses a NUL and lone surrogates, as every other stored string', () => {
    for (const note of ['refunded\u0000', 'refunded \ud800', 'refunded \udc00 by hand']) {
      expect(refusals(note)).toContain('note must be well-formed text without NUL characters');
    }
  });

  it('accepts any well-formed text, pairs and line breaks included', () => {
    expect(refusals('refunded by hand 💶\nticket 42')).toEqual([]);
  });
});
