import type { FastifyRequest } from 'fastify';
import { wantsCsv } from './report-answer';

const accepting = (accept?: string) => ({ headers: accept === undefined ? {} : { accept } }) as FastifyRequest;

describe('report content negotiation', () => {
  it('answers JSON without an Accept header, or when the client takes anything', () => {
    expect(wantsCsv(accepting())).toBe(false);
    expect(wantsCsv(accepting('*/*'))).toBe(false);
    expect(wantsCsv(accepting('application/json'))).toBe(false);
  });

  it('answers CSV when text/csv is asked for and ranked at least as high as JSON', () => {
    expect(wantsCsv(accepting('text/csv'))).toBe(true);
    expect(wantsCsv(accepting('text/csv, application/json'))).toBe(true);
    expect(wantsCsv(accepting('application/json;q=0.5, text/csv'))).toBe(true);
    expect(wantsCsv(accepting('text/csv;q=0.2, application/json'))).toBe(false);
    expect(wantsCsv(accepting('text/csv;q=0'))).toBe(false);
  });
});
