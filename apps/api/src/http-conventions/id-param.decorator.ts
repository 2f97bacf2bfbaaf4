import { HttpStatus, Param, PipeTransform } from '@nestjs/common';
import { ProblemException, problemType } from '../problem-details/problem-details';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACCOUNT_ID = /^[\w.:-]{1,100}$/;

class IdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly name: string,
    private readonly pattern: RegExp,
    private readonly expected: string,
  ) {}

  transform(value: string): string {
    if (this.pattern.test(value)) return this.pattern === ID ? value.toLowerCase() : value;
    throw new ProblemException({
      type: problemType('validation'),
      title: 'Request validation failed',
      status: HttpStatus.BAD_REQUEST,
      detail: `The path parameter ${this.name} is malformed.`,
      errors: [{ field: this.name, message: `${this.name} must be ${this.expected}` }],
    });
  }
}

/** A resource id in the path (UUID); a malformed one is a 400, an unknown one a 404. */
export const IdParam = (name: string) => Param(name, new IdPipe(name, ID, 'a UUID'));

/** An account id in the path: 1-100 letters, digits, or . _ : - */
export const AccountIdParam = (name = 'accountId') => Param(name, new IdPipe(name, ACCOUNT_ID, '1-100 letters, digits, or . _ : -'));
