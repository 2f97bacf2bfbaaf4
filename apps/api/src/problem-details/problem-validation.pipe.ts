/**
 * class-validator on every body and query, with unknown fields refused rather than dropped:
 * an integrator who misspells a field must hear about it, not have it silently ignored.
 */
import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
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

export function problemValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}
