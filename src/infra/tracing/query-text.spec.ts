import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { inlineParameters } from '../database/pg-literal.js';
import { withoutLiterals } from './query-text.js';

describe('withoutLiterals', () => {
  it('leaves no value that inlineParameters wrote into the text, whatever the value holds', () => {
    const sql = 'INSERT INTO "users" ("id", "email", "name", "n") VALUES ($1, $2, $3, $4)';
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.double({ noNaN: true }), (email, name, n) => {
        fc.pre(!email.includes('\u0000') && !name.includes('\u0000'));
        const inlined = inlineParameters(sql, ['019ae3b1-0000-7000-8000-000000000001', `<${email}>`, `<${name}>`, n]);
        // pg writes a literal with backslashes as ` E'...'`, its own space before it.
        expect(withoutLiterals(inlined!).replace(/ +/g, ' ')).toBe(`INSERT INTO "users" ("id", "email", "name", "n") VALUES (?, ?, ?, ?)`);
      }),
    );
  });

  it("keeps the statement's shape: identifiers, operators and several statements", () => {
    expect(withoutLiterals(`BEGIN;\nUPDATE "o'k" SET "a" = 'x''y', "b" =  E'c:\\\\d''e' WHERE "id" = '7';\nCOMMIT`)).toBe(`BEGIN;\nUPDATE "o'k" SET "a" = ?, "b" =  ? WHERE "id" = ?;\nCOMMIT`);
  });
});
