import { HttpStatus, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { ACCOUNT_ID, ACCOUNT_ID_MESSAGE, UUID as ID } from './identifiers';

/** How each resource id of the API is described in the OpenAPI document. */
const ID_DESCRIPTIONS: Record<string, string> = {
  caseId: "The case id (a UUID), as in the Location of POST /v1/cases. Another account's case answers 404.",
  contractId:
    "The contract id (a UUID), as in the Location of POST /v1/contracts. Another account's contract answers 404.",
};

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

/** Validates a path parameter and documents it on the same route, so the two cannot drift apart. */
function documentedParam(name: string, pipe: IdPipe, doc: Parameters<typeof ApiParam>[0]): ParameterDecorator {
  return (target, key, index) => {
    Param(name, pipe)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam(doc)(target, key, descriptor);
  };
}

/** A resource id in the path (UUID); a malformed one is a 400, an unknown one a 404. */
export const IdParam = (name: string, description = ID_DESCRIPTIONS[name] ?? `The ${name} (a UUID).`) =>
  documentedParam(name, new IdPipe(name, ID, 'a UUID'), {
    name,
    description,
    example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6',
    schema: { type: 'string', format: 'uuid' },
  });

/** An account id in the path: 1-100 letters, digits, or . _ : - */
export const AccountIdParam = (name = 'accountId') =>
  documentedParam(name, new IdPipe(name, ACCOUNT_ID, ACCOUNT_ID_MESSAGE.replace(/^must be /, '')), {
    name,
    description: 'The customer account (tenant) id. A customer key may name only its own account.',
    example: 'acme-corp',
    schema: { type: 'string', pattern: '^[\\w.:-]{1,100}$' },
  });
