/**
 * The cursor of a keyset-paged list: the last item's (createdAt, id), base64url-encoded. Only
 * the exact text `encodePageCursor` makes is taken back: a millisecond time that is a safe
 * integer (so within PostgreSQL's int8), an id of the characters ids are made of, and the
 * canonical encoding of both, so a forged or mangled cursor is a 400 rather than a database
 * error. It is not signed: a well-formed cursor only names a position in a list the caller may
 * read anyway.
 */
const CURSOR_TEXT = /^([0-9]{1,16}):([0-9A-Za-z_-]{1,64})$/;
const MAX_CURSOR_LENGTH = 120;

export interface PagePosition {
  createdAt: number;
  id: string;
}

export function encodePageCursor({ createdAt, id }: PagePosition): string {
  return Buffer.from(`${createdAt}:${id}`).toString('base64url');
}

/** The position a cursor of this API names, or null for anything else. */
export function decodePageCursor(cursor: string): PagePosition | null {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[0-9A-Za-z_-]+$/.test(cursor)) return null;
  const match = CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) return null;
  const position = { createdAt: Number(match[1]), id: match[2] };
  if (!Number.isSafeInteger(position.createdAt) || encodePageCursor(position) !== cursor) return null;
  return position;
}
