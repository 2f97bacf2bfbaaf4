import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import { SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import { slaAlertEventId } from '../sla-alert-id';
import { RecordSlaAlert } from './record-sla-alert.command';

/**
 * The one write of the deadline watcher. The aggregate refuses an alert its clock did not reach or
 * already has; the derived event id makes a race between two writers end with one stored copy.
 */
@CommandHandler(RecordSlaAlert)
export class RecordSlaAlertHandler implements ICommandHandler<RecordSlaAlert, WriteResult> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ alert, context }: RecordSlaAlert): Promise<WriteResult> {
    const eventId = slaAlertEventId({ ...alert, at: alert.at.toUTC().toISO() as string });
    return this.repository.update(
      SUPPORT_CASES,
      alert.caseId,
      (supportCase: SupportCase) => {
        const command = { clockId: alert.clockId, at: alert.at, detectedAt: alert.detectedAt };
        if (alert.kind === 'warning') supportCase.recordSlaWarning(command);
        else supportCase.recordSlaBreach(command);
      },
      context,
      { eventIds: () => eventId },
    );
  }
}
