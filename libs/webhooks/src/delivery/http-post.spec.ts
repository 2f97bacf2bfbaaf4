import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiverClient } from './http-post';

describe('posting a delivery to a receiver', () => {
  let server: Server;
  let base: string;
  let handler: (path: string, res: import('node:http').ServerResponse) => void;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      req.on('end', () => handler(req.url ?? '', res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    hits.length = 0;
  });

  it('keeps the status and only the first 1 KB of the answer', async () => {
    handler = (_, res) => res.writeHead(500).end('e'.repeat(5000));
    const client = new ReceiverClient(true);
    const outcome = await client.post(`${base}/hook`, {}, '{}');
    client.close();
    expect(outcome.statusCode).toBe(500);
    expect(outcome.responseBody).toHaveLength(1024);
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    handler = (path, res) =>
      path === '/hook' ? res.writeHead(302, { location: '/elsewhere' }).end() : res.writeHead(200).end();
    const client = new ReceiverClient(true);
    const outcome = await client.post(`${base}/hook`, {}, '{}');
    client.close();
    expect(outcome.statusCode).toBe(302);
    expect(hits).toEqual(['/hook']);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    handler = () => undefined;
    const client = new ReceiverClient(true, 100);
    const outcome = await client.post(`${base}/hook`, {}, '{}');
    client.close();
    expect(outcome.statusCode).toBeUndefined();
    expect(outcome.error).toMatch(/no answer within 0.1 s/);
  });

  it('refuses to connect to a private address unless private networks are allowed', async () => {
    handler = (_, res) => res.writeHead(200).end();
    const client = new ReceiverClient(false);
    const outcome = await client.post(`${base}/hook`, {}, '{}');
    client.close();
    expect(outcome.statusCode).toBeUndefined();
    expect(outcome.error).toMatch(/127\.0\.0\.1.*not allowed/);
    expect(hits).toEqual([]);
  });
});
