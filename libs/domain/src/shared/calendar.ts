import { CalendarDefinition, validateCalendar } from '@caseledger/sla';
import { DomainError } from '../domain-error';

export interface FieldProblem {
  field: string;
  message: string;
}

export class InvalidCalendar extends DomainError {
  readonly code = 'invalid-calendar';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`the calendar is invalid: ${problems.map((p) => `${p.field || '(calendar)'}: ${p.message}`).join('; ')}`);
  }
}

/** Checks a calendar before it enters an event, so every stored calendar compiles on replay. */
export function validCalendar(definition: CalendarDefinition, fieldPrefix: string): CalendarDefinition {
  const validation = validateCalendar(definition);
  if (!validation.ok) {
    throw new InvalidCalendar(
      validation.problems.map((p) => ({
        field: p.field ? `${fieldPrefix}.${p.field}` : fieldPrefix,
        message: p.message,
      })),
    );
  }
  return validation.calendar;
}
