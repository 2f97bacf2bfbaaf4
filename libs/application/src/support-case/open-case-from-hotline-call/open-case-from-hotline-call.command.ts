import type { CaseCategory, VitalInformation } from '@caseledger/domain';
import type { Priority } from '@caseledger/sla';
import type { DateTime } from 'luxon';
import type { CommandContext } from '../../write-path/command-context';

/** The SparkPost procedure: the hotline representative opens the case from the call itself. */
export interface OpenCaseFromHotlineCallInput {
  contractId: string;
  contactId?: string;
  vitalInformation: VitalInformation;
  priority?: Priority;
  category?: CaseCategory;
  subject?: string;
  /** When the call came in, if it is logged after the fact. */
  receivedAt?: DateTime;
}

export class OpenCaseFromHotlineCall {
  constructor(
    readonly input: OpenCaseFromHotlineCallInput,
    readonly context: CommandContext,
  ) {}
}
