import { AddAuthorisedContactHandler } from './add-authorised-contact/add-authorised-contact.handler';
import { ChangeContractCalendarHandler } from './change-contract-calendar/change-contract-calendar.handler';
import { ChangeContractPlanHandler } from './change-contract-plan/change-contract-plan.handler';
import { EraseContactPersonalDataHandler } from './erase-contact-personal-data/erase-contact-personal-data.handler';
import { GetContractHandler } from './get-contract/get-contract.handler';
import { RequestApplicationUpdateHandler } from './request-application-update/request-application-update.handler';
import { RevokeAuthorisedContactHandler } from './revoke-authorised-contact/revoke-authorised-contact.handler';
import { SignContractHandler } from './sign-contract/sign-contract.handler';
import { TerminateContractHandler } from './terminate-contract/terminate-contract.handler';

export * from './add-authorised-contact/add-authorised-contact.command';
export * from './change-contract-calendar/change-contract-calendar.command';
export * from './change-contract-plan/change-contract-plan.command';
export * from './erase-contact-personal-data/erase-contact-personal-data.command';
export * from './get-contract/contract-view';
export * from './get-contract/get-contract.query';
export * from './request-application-update/request-application-update.command';
export * from './revoke-authorised-contact/revoke-authorised-contact.command';
export * from './sign-contract/sign-contract.command';
export * from './terminate-contract/terminate-contract.command';

export const CONTRACT_HANDLERS = [
  SignContractHandler,
  AddAuthorisedContactHandler,
  RevokeAuthorisedContactHandler,
  EraseContactPersonalDataHandler,
  ChangeContractPlanHandler,
  ChangeContractCalendarHandler,
  TerminateContractHandler,
  RequestApplicationUpdateHandler,
  GetContractHandler,
];
