import { SetMetadata } from '@nestjs/common';

export const OMIT_FROM_REPLAY_METADATA = 'caseledger:omit-from-replay';

/**
 * Top-level response fields that are never written to the idempotency record, so a secret shown
 * once (a new API key) does not end up stored in clear. A replay answers without them.
 */
export const OmitFromReplay = (...fields: string[]) => SetMetadata(OMIT_FROM_REPLAY_METADATA, fields);
