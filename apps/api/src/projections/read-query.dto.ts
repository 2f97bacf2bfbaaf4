/** Query parameters every read-model route shares: read-your-writes and keyset pages. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/**
 * Plain decimal digits only. `Number()` would take `0x10`, `+5`, `1e1`, ` 5` and `5.0` as numbers;
 * anything else is left a string, so the field's @IsInt() refuses it and names the field.
 */
export function strictInteger({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^(0|[1-9]\d{0,14})$/.test(value) ? Number(value) : value;
}

export class ConsistentReadQuery {
  @ApiPropertyOptional({
    description:
      'A position a write returned (X-Position / body `position`). The read waits, up to 5 s or `Prefer: ' +
      'wait=<s>`, until the read model has applied it; otherwise 503 with Retry-After.',
    example: '1042-7',
  })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, {
    message: 'consistentWith must be a position "<commit>-<prepare>" as a write returned it, e.g. 1042-7',
  })
  consistentWith?: string;
}

export class PagedReadQuery extends ConsistentReadQuery {
  @ApiPropertyOptional({ description: 'Page size.', minimum: 1, maximum: 200, default: 50, example: 50 })
  @IsOptional()
  @Transform(strictInteger)
  @IsInt({ message: 'limit must be an integer from 1 to 200' })
  @Min(1, { message: 'limit must be an integer from 1 to 200' })
  @Max(200, { message: 'limit must be an integer from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({
    description: 'Opaque cursor from the `next` link of the previous page (same filters and sort).',
    example: 'WyJvcGVuZWRBdDpkZXNjIiwiMjAyNi0wNC0wMVQwODowMDowMC4wMDBaIiwiMDE5NWYzYWEiXQ',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,2000}$/, { message: 'cursor is not one this API handed out' })
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;

/** Splits `a,b` and repeated parameters into one list, so both spellings work. */
export function listParam({ value }: { value: unknown }): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  return parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
}
