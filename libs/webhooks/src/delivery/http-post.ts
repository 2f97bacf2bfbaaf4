/**
 * One POST to a receiver: 10 s for the whole exchange, no redirects followed (a 3xx is an answer
 * like any non-2xx), at most 1 KB of the answer kept. The socket goes through request-filtering-
 * agent, which checks the address the name resolves to at connection time, so a hostname that
 * passed at creation and now points inside the network is refused here.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export const DELIVERY_TIMEOUT_MS = 10_000;
export const KEPT_RESPONSE_BYTES = 1024;

export interface PostOutcome {
  statusCode?: number;
  error?: string;
  latencyMs: number;
  responseBody?: string;
}

export class ReceiverClient {
  private readonly httpAgent: RequestFilteringHttpAgent;
  private readonly httpsAgent: RequestFilteringHttpsAgent;

  constructor(
    allowPrivateNetworks: boolean,
    private readonly timeoutMs = DELIVERY_TIMEOUT_MS,
  ) {
    const filter = { allowPrivateIPAddress: allowPrivateNetworks, allowMetaIPAddress: allowPrivateNetworks };
    this.httpAgent = new RequestFilteringHttpAgent({ keepAlive: true, maxSockets: 16, ...filter });
    this.httpsAgent = new RequestFilteringHttpsAgent({ keepAlive: true, maxSockets: 16, ...filter });
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    return new Promise<PostOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<PostOutcome, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...outcome, latencyMs: latency() });
      };
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept < KEPT_RESPONSE_BYTES) {
              chunks.push(chunk.subarray(0, KEPT_RESPONSE_BYTES - kept));
              kept += Math.min(chunk.length, KEPT_RESPONSE_BYTES - kept);
            }
          });
          res.on('end', () =>
            finish({ statusCode: res.statusCode, responseBody: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', (error) => finish({ statusCode: res.statusCode, error: error.message }));
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      req.on('error', (error) => finish({ error: error.message }));
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
