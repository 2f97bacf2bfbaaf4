/**
 * A CRM's endpoint for CaseLedger webhooks: the integrator's starting point.
 *
 * - Verifies each delivery with the `standardwebhooks` package (HMAC-SHA256 over id.timestamp.body,
 *   timestamp within 5 minutes); a forged or stale delivery gets 400 and changes nothing.
 * - Drops what it has seen by `webhook-id`: CaseLedger delivers at least once, and a retry or a
 *   replay carries the same id. Answer 2xx to a duplicate, or it will be retried.
 * - Keeps one record per case from `data.case` (the case right after the event), applying only a
 *   summary newer than the one it holds, so a case's record never goes backwards.
 *
 * Run it: `CASELEDGER_WEBHOOK_SECRET=whsec_… PORT=4000 npm run crm-receiver`, then subscribe
 * `http://<host>:4000/hooks/caseledger` (https in production). Replace `onEvent` and the in-memory
 * maps with your CRM's calls and a durable store (the seen ids must survive a restart).
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface CaseLedgerEvent {
  specversion: '1.0';
  id: string;
  source: string;
  /** e.g. `com.caseledger.case.responded` */
  type: string;
  /** The case (or contract) id. */
  subject: string;
  time: string;
  datacontenttype: string;
  data: Record<string, unknown> & { case?: CaseSummary };
}

export interface CaseSummary {
  revision: number;
  status: string;
  priority: string;
  criticality: string;
  assignedAgentId: string | null;
  clocks: { clockId: string; metric: string; status: string; dueAt: string | null }[];
}

export interface CrmReceiverOptions {
  /** `whsec_…` secrets; during a rotation either one verifies. */
  secrets: string[];
  /** Your CRM update, called once per event, in order per case. A throw answers 500: CaseLedger retries. */
  onEvent?: (event: CaseLedgerEvent) => void | Promise<void>;
  /**
   * What "now" is for the 5-minute timestamp tolerance, in epoch ms. The system clock unless a
   * test runs CaseLedger on a clock of its own.
   */
  now?: () => number;
}

export interface Answer {
  status: number;
  body: string;
}

export class CrmReceiver {
  /** Case id → its record as CaseLedger last described it. */
  readonly cases = new Map<string, CaseSummary & { lastEventType: string }>();
  private readonly seen = new Set<string>();
  private verifiers: Webhook[] = [];

  constructor(private readonly options: CrmReceiverOptions) {
    this.useSecrets(options.secrets);
  }

  /** After `rotate-secret`: the new secret, and the old one until CaseLedger stops signing with it (24 h). */
  useSecrets(secrets: string[]): void {
    this.verifiers = secrets.map((secret) => new Webhook(secret));
  }

  /** One delivery: verify, drop a duplicate, apply. Exposed apart from HTTP so it can sit behind any server. */
  async handle(headers: IncomingHttpHeaders, body: string): Promise<Answer> {
    const event = this.verify(headers, body);
    if (event === undefined) return { status: 400, body: 'bad signature' };
    const id = String(headers['webhook-id']);
    if (this.seen.has(id)) return { status: 200, body: 'duplicate' };
    try {
      await this.options.onEvent?.(event);
    } catch {
      return { status: 500, body: 'not applied' };
    }
    const summary = event.data.case;
    const record = this.cases.get(event.subject);
    if (summary !== undefined && (record === undefined || summary.revision > record.revision))
      this.cases.set(event.subject, { ...summary, lastEventType: event.type });
    // Marked seen only once applied: a failure above is retried and applied then.
    this.seen.add(id);
    return { status: 204, body: '' };
  }

  /** A node:http server answering POSTs with `handle`. */
  server(): Server {
    return createServer((req, res) => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void this.handle(req.headers, Buffer.concat(chunks).toString('utf8')).then(({ status, body }) =>
          res.writeHead(status, { 'content-type': 'text/plain' }).end(body),
        );
      });
    });
  }

  private verify(headers: IncomingHttpHeaders, body: string): CaseLedgerEvent | undefined {
    const wanted = { ...headers } as Record<string, string>;
    const systemNow = Date.now;
    // standardwebhooks reads Date.now() for the tolerance; a test's clock stands in for it here.
    if (this.options.now) Date.now = this.options.now;
    try {
      for (const verifier of this.verifiers) {
        try {
          return verifier.verify(body, wanted) as CaseLedgerEvent;
        } catch {
          // Try the next secret.
        }
      }
      return undefined;
    } finally {
      Date.now = systemNow;
    }
  }
}

async function main(): Promise<void> {
  const secret = process.env.CASELEDGER_WEBHOOK_SECRET;
  if (!secret?.startsWith('whsec_'))
    throw new Error('set CASELEDGER_WEBHOOK_SECRET to the whsec_… secret of the subscription');
  const receiver = new CrmReceiver({
    secrets: [
      secret,
      ...(process.env.CASELEDGER_WEBHOOK_OLD_SECRET ? [process.env.CASELEDGER_WEBHOOK_OLD_SECRET] : []),
    ],
    onEvent: (event) => {
      const summary = event.data.case;
      console.log(
        `${event.time} ${event.type} ${event.subject}` +
          (summary ? ` → ${summary.status} ${summary.priority} assignee=${summary.assignedAgentId ?? '-'}` : ''),
      );
    },
  });
  const server = receiver.server();
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.PORT ?? 4000), process.env.HOST ?? '127.0.0.1', resolve),
  );
  const { address, port } = server.address() as AddressInfo;
  console.log(`CRM receiver on http://${address}:${port}/hooks/caseledger`);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
