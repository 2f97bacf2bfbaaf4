import { AggregateCommand } from '../../write-path/aggregate-command';

/** Right to erasure: destroy the key of a contact's personal data and record that it was done. */
export class EraseContactPersonalData extends AggregateCommand<{ contactId: string }> {}
