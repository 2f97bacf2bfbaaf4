/** The API as the benchmarks run it: its environment, and the contract, contact and case they write first. */

/** What every bench sets for the API process: quiet logs, an admin key, and rate limits far above any load. */
export function apiEnv(options: {
  databaseUrl: string;
  port: number;
  adminKey: string;
  role: string;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: options.adminKey,
    LOG_LEVEL: 'warn',
    ROLE: options.role,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000000',
    RATE_LIMIT_ANONYMOUS_BURST: '1000000',
  };
}

/** `POST /v1/contracts`. */
export const BENCH_CONTRACT = {
  accountId: 'bench',
  planId: 'beesender-premium',
  serviceTimeZone: 'gmt+3',
  startsAt: '2020-01-01T00:00:00Z',
};

/** `POST /v1/contracts/{id}/contacts`. */
export const BENCH_CONTACT = { contactId: 'bench-contact', name: 'Bench', email: 'bench@bench.example' };

/** `POST /v1/cases`: the same P2 incident every time, so that every open costs alike. */
export function openCaseRequest(contractId: string, contactId = BENCH_CONTACT.contactId) {
  return {
    contractId,
    contactId,
    channel: 'portal',
    subject: 'Messages are not delivered',
    description: '1. Send a message\n2. It never arrives',
    category: 'incident',
    priority: 'P2',
    criticality: 'nonCritical',
  };
}
