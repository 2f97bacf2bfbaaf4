import { Module } from '@nestjs/common';
import { AcceptResolutionHttpController } from './accept-resolution.http.controller';
import { AgreeUpdateCadenceHttpController } from './agree-update-cadence.http.controller';
import { AssignCaseHttpController } from './assign-case.http.controller';
import { CloseCaseHttpController } from './close-case.http.controller';
import { EscalateCaseHttpController } from './escalate-case.http.controller';
import { GetCaseHttpController } from './get-case.http.controller';
import { GiveProgressUpdateHttpController } from './give-progress-update.http.controller';
import { LogCallbackHttpController } from './log-callback.http.controller';
import { LogHotlineCallHttpController } from './log-hotline-call.http.controller';
import { OpenCaseFromHotlineCallHttpController } from './open-case-from-hotline-call.http.controller';
import { OpenCaseHttpController } from './open-case.http.controller';
import { ProposeResolutionHttpController } from './propose-resolution.http.controller';
import { ProvideInformationHttpController } from './provide-information.http.controller';
import { ProvideWorkaroundHttpController } from './provide-workaround.http.controller';
import { ReclassifyCaseHttpController } from './reclassify-case.http.controller';
import { RejectResolutionHttpController } from './reject-resolution.http.controller';
import { ReopenCaseHttpController } from './reopen-case.http.controller';
import { RequestInformationHttpController } from './request-information.http.controller';
import { RespondToCaseHttpController } from './respond-to-case.http.controller';

/** The support-case routes, one controller per use case of libs/application/src/support-case. */
@Module({
  controllers: [
    OpenCaseHttpController,
    OpenCaseFromHotlineCallHttpController,
    GetCaseHttpController,
    LogHotlineCallHttpController,
    LogCallbackHttpController,
    AssignCaseHttpController,
    RespondToCaseHttpController,
    RequestInformationHttpController,
    ProvideInformationHttpController,
    GiveProgressUpdateHttpController,
    AgreeUpdateCadenceHttpController,
    ReclassifyCaseHttpController,
    EscalateCaseHttpController,
    ProvideWorkaroundHttpController,
    ProposeResolutionHttpController,
    AcceptResolutionHttpController,
    RejectResolutionHttpController,
    ReopenCaseHttpController,
    CloseCaseHttpController,
  ],
})
export class SupportCasesModule {}
