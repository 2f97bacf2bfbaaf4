import type { CaseCategory, VitalInformation } from '@caseledger/domain';
import type { Channel, Criticality, Priority } from '@caseledger/sla';
import type { DateTime } from 'luxon';
import type { CommandContext } from '../../write-path/command-context';

export interface OpenCaseInput {
  contractId: string;
  /** Required from vendor-side callers; a customer key opens as its own contact. */
  contactId?: string;
  channel: Channel;
  subject: string;
  description: string;
  category: CaseCategory;
  priority: Priority;
  criticality: Criticality;
  vitalInformation?: VitalInformation;
  /** For cases imported from email or a phone line: when the vendor actually received them. */
  receivedAt?: DateTime;
}

export class OpenCase {
  constructor(
    readonly input: OpenCaseInput,
    readonly context: CommandContext,
  ) {}
}
