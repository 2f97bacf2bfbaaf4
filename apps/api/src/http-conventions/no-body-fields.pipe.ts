import { PipeTransform } from '@nestjs/common';
import { validationProblem } from '../problem-details/problem-validation.pipe';

/**
 * For commands that take no input: an empty body (or none) passes, any field is refused, as on
 * every other route. class-validator cannot say this, since a DTO without fields has no metadata.
 */
export class NoBodyFieldsPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown): undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      throw validationProblem([{ field: 'body', message: 'body must be an empty JSON object or absent' }]);
    const fields = Object.keys(value);
    if (fields.length > 0)
      throw validationProblem(fields.map((field) => ({ field, message: `${field} is not a known field` })));
    return undefined;
  }
}
