import { describe, expect, it } from '@jest/globals';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('page cursors', () => {
  it('gives back the position it encoded', () => {
    const position = { createdAt: 1_795_660_000_123, id: '01a23356-ab57-714f-9681-af2b665e27fa' };
    expect(decodePageCursor(encodePageCursor(position))).toEqual(position);
  });

  it.each([
    ['a time past the int8 range', b64('99999999999999999999:abc')],
    ['a time past the safe integers', b64('9007199254740993:abc')],
    ['no id', b64('1795660000123:')],
    ['NUL in the id', b64('1795660000123:a\u0000b')],
    ['a negative time', b64('-1:abc')],
    ['garbage', 'garbage'],
    ['padding (not the encoding this API makes)', `${b64('1795660000123:abc')}=`],
    ['standard base64 characters', b64('1795660000123:abc?>').replace(/_/g, '/')],
    ['an over-long cursor', b64(`1:${'a'.repeat(200)}`)],
  ])('refuses %s', (_, cursor) => {
    expect(decodePageCursor(cursor)).toBeNull();
  });
});
