/** The value sets and formats the case routes validate against, in one place for requests and responses. */
import { CASE_CATEGORIES } from '@caseledger/domain';
import { Channel, CRITICALITIES, PRIORITIES } from '@caseledger/sla';

const CHANNEL_SET: Record<Channel, true> = {
  portal: true,
  email: true,
  chatBot: true,
  phone: true,
  skype: true,
  severity1Hotline: true,
};
export const CHANNELS = Object.keys(CHANNEL_SET) as Channel[];
export const CATEGORIES = [...CASE_CATEGORIES] as string[];
export const PRIORITY_VALUES = [...PRIORITIES] as string[];
export const CRITICALITY_VALUES = [...CRITICALITIES] as string[];
export const TARGET_UNITS = ['business', 'elapsed'];
export const ESCALATION_LEVELS = ['tam', 'tier2', 'engineering'];

export { PERSON_ID, PERSON_ID_MESSAGE } from '../http-conventions/identifiers';
