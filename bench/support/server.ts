/** Set-up the benchmarks share: a short-lived connection to the server, a free loopback port. */
import { createServer } from 'node:net';
import { Client } from 'pg';

/** Runs `fn` on a connection of its own to `url`, closed afterwards whatever happens. */
export async function onServer<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A loopback port nothing listens on right now, for a process the bench starts. */
export function sparePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
