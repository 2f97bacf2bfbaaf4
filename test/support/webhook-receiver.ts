/**
 * A CRM's webhook endpoint on 127.0.0.1 (node:http): records every request, verifies its signature
 * with `standardwebhooks` against the secrets it is given, and answers what the test tells it to.
 * The receiver's "now" is the test's clock, as a receiver's clock agrees with the sender's in life.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Clock } from '@caseledger/application';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  event: {
    specversion: string;
    id: string;
    source: string;
    type: string;
    subject: string;
    time: string;
    datacontenttype: string;
    data: Record<string, unknown>;
  };
  /** Which of the receiver's secrets verified the signature (none: forged or unsigned). */
  verifiedBy: string[];
  answered: number;
}

export type Answer = (delivery: Omit<ReceivedDelivery, 'answered'>) => number | { status: number; body: string };

export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  secrets: string[] = [];
  answer: Answer = () => 200;
  /** Milliseconds the receiver takes before answering. */
  delayMs = 0;
  private server: Server | undefined;

  /** Public: after a restart the test hands the receiver the new process's clock. Only `now()` is read. */
  constructor(public clock: Pick<Clock, 'now'>) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const delivery = {
          headers: req.headers,
          body,
          event: JSON.parse(body),
          verifiedBy: this.verify(req.headers, body),
        };
        const answer = this.answer(delivery);
        const { status, body: answerBody } = typeof answer === 'number' ? { status: answer, body: 'ok' } : answer;
        const reply = () => {
          this.received.push({ ...delivery, answered: status });
          res.writeHead(status, { 'content-type': 'text/plain' }).end(answerBody);
        };
        if (this.delayMs > 0) setTimeout(reply, this.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Deliveries answered 2xx, each `webhook-id` once: what a deduplicating receiver keeps. */
  accepted(): ReceivedDelivery[] {
    const seen = new Set<string>();
    return this.received.filter((d) => {
      const id = String(d.headers['webhook-id']);
      if (d.answered < 200 || d.answered >= 300 || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  /** Forgets what it received; answers 200 again. */
  reset(): void {
    this.received.length = 0;
    this.answer = () => 200;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** `Webhook.verify` checks the timestamp against Date.now(): here that is the test's clock. */
  private verify(headers: IncomingHttpHeaders, body: string): string[] {
    const now = Date.now;
    Date.now = () => this.clock.now().toMillis();
    try {
      return this.secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(body, headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      });
    } finally {
      Date.now = now;
    }
  }
}
