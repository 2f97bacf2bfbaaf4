import { AcceptResolutionHandler } from './accept-resolution/accept-resolution.handler';
import { AgreeUpdateCadenceHandler } from './agree-update-cadence/agree-update-cadence.handler';
import { AssignCaseHandler } from './assign-case/assign-case.handler';
import { CloseCaseHandler } from './close-case/close-case.handler';
import { EscalateCaseHandler } from './escalate-case/escalate-case.handler';
import { GetCaseHandler } from './get-case/get-case.handler';
import { GetCaseConversationHandler } from './get-case-conversation/get-case-conversation.handler';
import { GetCaseHistoryHandler } from './get-case-history/get-case-history.handler';
import { GetCaseSlaTimelineHandler } from './get-case-sla-timeline/get-case-sla-timeline.handler';
import { GiveProgressUpdateHandler } from './give-progress-update/give-progress-update.handler';
import { LogCallbackHandler } from './log-callback/log-callback.handler';
import { LogHotlineCallHandler } from './log-hotline-call/log-hotline-call.handler';
import { OpenCaseFromHotlineCallHandler } from './open-case-from-hotline-call/open-case-from-hotline-call.handler';
import { OpenCaseHandler } from './open-case/open-case.handler';
import { ProposeResolutionHandler } from './propose-resolution/propose-resolution.handler';
import { ProvideInformationHandler } from './provide-information/provide-information.handler';
import { ProvideWorkaroundHandler } from './provide-workaround/provide-workaround.handler';
import { ReclassifyCaseHandler } from './reclassify-case/reclassify-case.handler';
import { RejectResolutionHandler } from './reject-resolution/reject-resolution.handler';
import { ReopenCaseHandler } from './reopen-case/reopen-case.handler';
import { RequestInformationHandler } from './request-information/request-information.handler';
import { RespondToCaseHandler } from './respond-to-case/respond-to-case.handler';

export * from './accept-resolution/accept-resolution.command';
export * from './agree-update-cadence/agree-update-cadence.command';
export * from './assign-case/assign-case.command';
export * from './case-actor';
export * from './close-case/close-case.command';
export * from './escalate-case/escalate-case.command';
export * from './get-case/get-case.query';
export * from './get-case-conversation/conversation-entry';
export * from './get-case-conversation/get-case-conversation.query';
export {
  caseHistoryEntry,
  type CaseHistoryEntry,
  type CaseHistoryPage,
} from './get-case-history/get-case-history.handler';
export * from './get-case-history/get-case-history.query';
export type { CaseEventRef, CaseSlaTimeline } from './get-case-sla-timeline/get-case-sla-timeline.handler';
export * from './get-case-sla-timeline/get-case-sla-timeline.query';
export * from './give-progress-update/give-progress-update.command';
export * from './log-callback/log-callback.command';
export * from './log-hotline-call/log-hotline-call.command';
export * from './open-case-from-hotline-call/open-case-from-hotline-call.command';
export * from './open-case/open-case.command';
export * from './propose-resolution/propose-resolution.command';
export * from './provide-information/provide-information.command';
export * from './provide-workaround/provide-workaround.command';
export * from './reclassify-case/reclassify-case.command';
export * from './reject-resolution/reject-resolution.command';
export * from './reopen-case/reopen-case.command';
export * from './request-information/request-information.command';
export * from './respond-to-case/respond-to-case.command';

export const SUPPORT_CASE_HANDLERS = [
  OpenCaseHandler,
  OpenCaseFromHotlineCallHandler,
  LogHotlineCallHandler,
  LogCallbackHandler,
  AssignCaseHandler,
  RespondToCaseHandler,
  RequestInformationHandler,
  ProvideInformationHandler,
  GiveProgressUpdateHandler,
  AgreeUpdateCadenceHandler,
  ReclassifyCaseHandler,
  EscalateCaseHandler,
  ProvideWorkaroundHandler,
  ProposeResolutionHandler,
  AcceptResolutionHandler,
  RejectResolutionHandler,
  ReopenCaseHandler,
  CloseCaseHandler,
  GetCaseHandler,
  GetCaseHistoryHandler,
  GetCaseConversationHandler,
  GetCaseSlaTimelineHandler,
];
