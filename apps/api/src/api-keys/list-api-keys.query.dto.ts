import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { strictInteger } from '../projections/read-query.dto';

export class ListApiKeysQuery {
  @ApiPropertyOptional({ description: 'Page size.', minimum: 1, maximum: 100, default: 20, example: 20 })
  @IsOptional()
  @Transform(strictInteger)
  @IsInt({ message: 'limit must be an integer from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Opaque cursor from the `next` link of the previous page.',
    example: 'MDE5MGYzYWEtMmIzYy03ZDRlLThmNTAtNjE3MjgzOTRhNWI2',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'cursor is not one this API handed out' })
  cursor?: string;
}
