import { AggregateCommand } from '../../write-path/aggregate-command';

export class RevokeAuthorisedContact extends AggregateCommand<{ contactId: string }> {}
