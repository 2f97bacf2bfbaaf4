/**
 * class-validator on every body and query, with unknown fields refused rather than dropped:
 * an integrator who misspells a field must hear about it, not have it silently ignored.
 */
import { ArgumentMetadata, HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { FieldProblem, ProblemException, problemType } from './problem-details';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      problems.push({
        field,
        message: message.replace(/^property (\S+) should not exist$/, `${field} is not a known field`),
      });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

export function validationProblem(errors: FieldProblem[], where = 'request'): ProblemException {
  return new ProblemException({
    type: problemType('validation'),
    title: 'Request validation failed',
    status: HttpStatus.BAD_REQUEST,
    detail: `The ${where} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
    errors,
  });
}

function isEmptyObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
}

/**
 * Most reads send no query parameters at all, and whether an empty query satisfies a DTO class is a
 * property of the class: it is learnt on the first empty query of each class (through the full
 * validation), and later empty queries of that class only build the instance. Anything else is
 * validated in full every time.
 */
class ProblemValidationPipe extends ValidationPipe {
  private readonly acceptsEmptyQuery = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type !== 'query' || !metatype || !isEmptyObject(value) || !this.toValidate(metadata))
      return super.transform(value, metadata);
    if (this.acceptsEmptyQuery.has(metatype)) return plainToInstance(metatype, value, this.transformOptions);
    const transformed: unknown = await super.transform(value, metadata);
    this.acceptsEmptyQuery.add(metatype);
    return transformed;
  }
}

export function problemValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}
