export const contractStream = (contractId: string): string => `contract-${contractId}`;
export const caseStream = (caseId: string): string => `case-${caseId}`;
/** One TAM assignment per account, so the stream is keyed by the account. */
export const tamStream = (accountId: string): string => `tam-${accountId}`;
