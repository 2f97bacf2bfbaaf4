import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
} from 'class-validator';
import { applyClassValidatorRules } from './class-validator-shim';

/** Where @nestjs/swagger keeps a property's schema options. */
const PROPERTY_METADATA = 'swagger/apiModelProperties';
const COLOURS = ['red', 'green'];
const CODE = /^[A-Z]{3}$/;

class ShimProbe {
  @ApiProperty({ description: 'Written by hand with the wrong set.', enum: ['blue'], example: 'red' })
  @IsIn(COLOURS)
  colour: string;

  @ApiProperty({ description: 'A code.', example: 'ABC' })
  @IsString()
  @Matches(CODE)
  @MaxLength(3)
  code: string;

  @ApiPropertyOptional({ description: 'A count.', example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  count?: number;

  @ApiPropertyOptional({ description: 'Colours.', example: ['red'] })
  @IsOptional()
  @IsIn(COLOURS, { each: true })
  colours?: string[];

  @ApiPropertyOptional({ description: 'Codes.', example: ['ABC'] })
  @IsOptional()
  @Matches(CODE, { each: true })
  codes?: string[];

  @ApiPropertyOptional({ description: 'Tags.', example: ['urgent', 'vip'] })
  @IsOptional()
  @MaxLength(10, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    description: 'Labels.',
    example: ['a', 'b'],
    type: 'array',
    items: { type: 'string', example: 'label' },
  })
  @IsOptional()
  @MaxLength(10, { each: true })
  labels?: string[];

  @ApiProperty({ description: 'An id.', example: '0190f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  @IsUUID('all')
  id: string;

  @ApiProperty({ description: 'A rule no schema keyword holds.', example: 'x' })
  @IsString()
  @((target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'oddLength',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length % 2 === 1 },
    }))
  odd: string;
}

const optionsOf = (property: keyof ShimProbe) =>
  Reflect.getMetadata(PROPERTY_METADATA, ShimProbe.prototype, property) as Record<string, unknown>;

describe('the class-validator shim', () => {
  beforeAll(() => applyClassValidatorRules());

  it('writes @IsIn as the enum, over a hand-written one, keeping the description and example', () => {
    expect(optionsOf('colour')).toMatchObject({
      enum: COLOURS,
      description: 'Written by hand with the wrong set.',
      example: 'red',
    });
  });

  it('writes @Matches as the pattern and lengths, bounds and integer types as their keywords', () => {
    expect(optionsOf('code')).toMatchObject({ pattern: CODE.source, maxLength: 3 });
    expect(optionsOf('count')).toMatchObject({ type: 'integer', minimum: 1, maximum: 9, required: false });
    expect(optionsOf('id')).toMatchObject({ format: 'uuid' });
  });

  it('puts rules with `each` on the items of an array', () => {
    expect(optionsOf('colours')).toMatchObject({ type: 'array', items: { type: 'string', enum: COLOURS } });
    expect(optionsOf('codes')).toMatchObject({ type: 'array', items: { type: 'string', pattern: CODE.source } });
  });

  it("gives the items an example: the one written for them, else the first of the array's example", () => {
    expect(optionsOf('labels')).toMatchObject({ items: { type: 'string', maxLength: 10, example: 'label' } });
    expect(optionsOf('tags')).toMatchObject({ items: { type: 'string', maxLength: 10, example: 'urgent' } });
  });

  it('leaves custom validators to the description', () => {
    const keywords = ['enum', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'items'];
    expect(Object.keys(optionsOf('odd')).filter((key) => keywords.includes(key))).toEqual([]);
    expect(optionsOf('odd')).toMatchObject({ type: String, description: 'A rule no schema keyword holds.' });
  });

  it('gives the same metadata when applied again, as every application start does', () => {
    const before = JSON.stringify(
      ['colour', 'code', 'count', 'colours', 'codes', 'tags', 'labels'].map((p) => optionsOf(p as keyof ShimProbe)),
    );
    applyClassValidatorRules();
    expect(
      JSON.stringify(
        ['colour', 'code', 'count', 'colours', 'codes', 'tags', 'labels'].map((p) => optionsOf(p as keyof ShimProbe)),
      ),
    ).toBe(before);
  });
});
