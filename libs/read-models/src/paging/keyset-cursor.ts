/**
 * Opaque cursors for keyset pagination: base64url of the sort it was made for and the last row's
 * sort key. Keyset rather than offset, so a page boundary stays put while rows are inserted ahead
 * of it. A cursor handed to another sort is refused rather than silently misread.
 */
export interface Cursor {
  /** The sort the cursor belongs to, e.g. `openedAt:desc`. */
  sort: string;
  /** The last row's sort key, most significant first. */
  key: (string | null)[];
}

export class InvalidCursor extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidCursor';
  }
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, ...cursor.key]), 'utf8').toString('base64url');
}

/** How a key part is read back: SQL casts a cursor's `timestamptz` part, so it must be an instant. */
export type CursorKeyType = 'text' | 'timestamptz';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function fitsType(part: string | null, type: CursorKeyType): boolean {
  return part === null || type === 'text' || (INSTANT.test(part) && Number.isFinite(Date.parse(part)));
}

/** `types` gives each key part's type, so a part of the wrong type is refused here rather than by SQL (a 500). */
export function decodeCursor(text: string, expectedSort: string, types: readonly CursorKeyType[]): Cursor {
  const keyLength = types.length;
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(text)) throw new Error();
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor('cursor is not one this API handed out');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== keyLength + 1 ||
    !parsed.every((part) => part === null || (typeof part === 'string' && part.length <= 200))
  ) {
    throw new InvalidCursor('cursor is not one this API handed out');
  }
  const [sort, ...key] = parsed as (string | null)[];
  if (sort !== expectedSort)
    throw new InvalidCursor(`cursor was made for sort ${String(sort)}, not ${expectedSort}; start again without it`);
  if (!key.every((part, i) => fitsType(part, types[i])))
    throw new InvalidCursor('cursor is not one this API handed out');
  return { sort, key };
}

/** `(a, b) > ($1, $2)` or `<` for descending: the rows strictly after the cursor in the page's order. */
export function afterKey(
  columns: readonly { column: string; type: string }[],
  descending: boolean,
  firstParam: number,
): string {
  const params = columns.map((c, i) => `$${firstParam + i}::${c.type}`);
  return `(${columns.map((c) => c.column).join(', ')}) ${descending ? '<' : '>'} (${params.join(', ')})`;
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page; absent on the last one. */
  next?: string;
}

/** Escapes LIKE wildcards so free text matches literally (with `escape '\'`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
