import { ApiParam } from '@nestjs/swagger';

/** Documents the `caseId` path parameter that IdParam('caseId') validates. */
export const ApiCaseIdParam = () =>
  ApiParam({
    name: 'caseId',
    description: 'The case id (a UUID), as in the Location of POST /v1/cases. Another account\'s case answers 404.',
    example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6',
    schema: { type: 'string', format: 'uuid' },
  });
