import type { SlaAlertKind } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import type { CommandContext } from '../../write-path/command-context';

/** Records that a clock reached its warning or due instant `at`, as noticed at `detectedAt`. */
export class RecordSlaAlert {
  constructor(
    readonly alert: { caseId: string; clockId: string; kind: SlaAlertKind; at: DateTime; detectedAt: DateTime },
    readonly context: CommandContext,
  ) {}
}
