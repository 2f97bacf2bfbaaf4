/** RFC 9457 problem details, the one shape every error of the API takes. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'urn:caseledger:problem:';

export class FieldProblem {
  @ApiProperty({ description: 'Path of the offending field in the request (dots for nesting).', example: 'priority' })
  field: string;

  @ApiProperty({ description: 'Why the value was refused.', example: 'priority must be one of P1, P2, P3, P4' })
  message: string;
}

export class ProblemDetails {
  @ApiProperty({ description: 'URI naming the kind of problem.', example: `${PROBLEM_TYPE_BASE}validation` })
  type: string;

  @ApiProperty({ description: 'Short summary of the kind of problem.', example: 'Request validation failed' })
  title: string;

  @ApiProperty({ description: 'HTTP status code.', type: 'integer', example: 400 })
  status: number;

  @ApiProperty({ description: 'What went wrong on this occurrence.', example: 'The request body has 1 invalid field.' })
  detail: string;

  @ApiPropertyOptional({ description: 'Path of the request.', example: '/v1/cases' })
  instance?: string;

  @ApiPropertyOptional({ description: 'One entry per invalid field.', type: [FieldProblem] })
  errors?: FieldProblem[];
}

/** An error that already knows its problem document; thrown by pipes, guards and the store gate. */
export class ProblemException extends Error {
  constructor(
    readonly problem: Omit<ProblemDetails, 'instance'> & Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemException';
  }
}

export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}
