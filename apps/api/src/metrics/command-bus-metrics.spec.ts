import { HttpStatus } from '@nestjs/common';
import { AggregateAlreadyExists, RevisionMismatch } from '@caseledger/application';
import { CaseAlreadyResolved, ContactNotAuthorised } from '@caseledger/domain';
import { StoreUnavailable } from '@caseledger/event-store';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { commandOutcomeOf } from './command-bus-metrics';

describe('the outcome a failed command is counted under', () => {
  it('a domain refusal is refused, even one answered 409 because of the case state', () => {
    expect(commandOutcomeOf(new ContactNotAuthorised('stranger'))).toBe('refused');
    expect(commandOutcomeOf(new CaseAlreadyResolved('case-1'))).toBe('refused');
  });

  it('a stale If-Match or a concurrent writer is a conflict', () => {
    expect(commandOutcomeOf(new RevisionMismatch('case-1', 5n, 0n))).toBe('conflict');
    expect(commandOutcomeOf(new AggregateAlreadyExists('tam-acme'))).toBe('conflict');
  });

  it('another 4xx answer is refused, a 5xx or an unknown error failed', () => {
    const problem = (status: number) =>
      new ProblemException({ type: problemType('validation'), title: 'x', status, detail: 'x' });
    expect(commandOutcomeOf(problem(HttpStatus.BAD_REQUEST))).toBe('refused');
    expect(commandOutcomeOf(new StoreUnavailable(new Error('connection refused')))).toBe('failed');
    expect(commandOutcomeOf(new TypeError('undefined is not a function'))).toBe('failed');
  });
});
