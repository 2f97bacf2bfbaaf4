import { AggregateCommand } from '../../write-path/aggregate-command';

export class AddAuthorisedContact extends AggregateCommand<{
  contactId: string;
  name: string;
  email: string;
  phone?: string;
}> {}
