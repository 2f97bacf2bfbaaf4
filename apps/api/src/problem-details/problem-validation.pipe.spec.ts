import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { IsOptional, IsString, Matches } from 'class-validator';
import { ProblemException } from './problem-details';
import { problemValidationPipe } from './problem-validation.pipe';

class OptionalQuery {
  @IsOptional()
  @Matches(/^\d+$/, { message: 'page must be digits' })
  page?: string;
}

class RequiredQuery {
  @IsString({ message: 'from is required' })
  from!: string;
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a validation problem');
}

describe('the validation pipe on queries', () => {
  it('answers an empty query of a class that accepts it with an instance of the class, every time', async () => {
    const pipe = problemValidationPipe();
    for (let i = 0; i < 3; i++) {
      const value = await pipe.transform({}, query(OptionalQuery));
      expect(value).toBeInstanceOf(OptionalQuery);
      expect({ ...(value as object) }).toEqual({});
    }
  });

  it('refuses an empty query of a class that needs a field, every time', async () => {
    const pipe = problemValidationPipe();
    for (let i = 0; i < 3; i++) {
      expect(await refusal(() => pipe.transform({}, query(RequiredQuery)))).toMatchObject({
        status: 400,
        errors: [{ field: 'from', message: 'from is required' }],
      });
    }
  });

  it('still validates a query with fields after empty ones of the same class passed', async () => {
    const pipe = problemValidationPipe();
    await pipe.transform({}, query(OptionalQuery));
    await pipe.transform({}, query(OptionalQuery));
    expect(await refusal(() => pipe.transform({ page: 'x' }, query(OptionalQuery)))).toMatchObject({
      errors: [{ field: 'page', message: 'page must be digits' }],
    });
    expect(await refusal(() => pipe.transform({ other: '1' }, query(OptionalQuery)))).toMatchObject({
      errors: [{ field: 'other', message: 'other is not a known field' }],
    });
  });
});
