import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidCalendar, validCalendar } from '@caseledger/domain';
import { compileCalendar, dueInstant, SlaTarget, targetProblems } from '@caseledger/sla';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { PreviewSla, SlaPreview } from './preview-sla.query';

/**
 * "We will answer by …": the due instants a case received at `receivedAt` would get. Nothing is
 * written, so integrators can call it while the customer is still typing.
 */
@QueryHandler(PreviewSla)
export class PreviewSlaHandler implements IQueryHandler<PreviewSla, SlaPreview> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ input, context }: PreviewSla): Promise<SlaPreview> {
    let calendarDefinition;
    let targets: SlaTarget[];
    if ('contractId' in input) {
      const { aggregate: contract } = await this.repository.get(CONTRACTS, input.contractId, context);
      const terms = contract.termsAt(input.receivedAt);
      calendarDefinition = terms.calendar;
      targets = terms.targets[input.priority][input.criticality];
    } else {
      calendarDefinition = validCalendar(input.calendar, 'calendar');
      const problems = input.targets.flatMap((target, i) => targetProblems(target, `targets[${i}]`));
      if (problems.length > 0) throw new InvalidCalendar(problems);
      targets = input.targets;
    }
    const calendar = compileCalendar(calendarDefinition);
    return {
      calendar: calendarDefinition,
      clocks: targets.map((target) => {
        const { dueAt, warningAt } = dueInstant(calendar, target, input.receivedAt);
        return {
          metric: target.metric,
          minutes: target.minutes,
          unit: target.unit,
          dueAt: dueAt.toISO() as string,
          warningAt: warningAt.toISO() as string,
        };
      }),
    };
  }
}
