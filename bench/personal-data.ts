/**
 * What sealing contacts' personal data costs a read: GET /v1/cases/{id} on cases whose opening and
 * hotline call hold sealed fields (one key query per read) beside cases that hold none, and
 * GET /v1/contracts/{id} on a contract with 10 sealed contacts, in one API process on PostgreSQL,
 * requests one at a time through Fastify's inject (no network), so the figures are per-read latency.
 *
 *   npm run bench:personal-data
 *
 * Environment: BENCH_CASES (default 50 of each kind), BENCH_ROUNDS (default 20 reads of each case),
 * BENCH_DATABASE_URL (default TEST_DATABASE_URL or the local server; the bench creates and drops
 * database `caseledger_bench_personal_data`).
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../libs/runtime/src';
import { createApp } from '../apps/api/src/create-app';

const CASES = Number(process.env.BENCH_CASES ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'caseledger_bench_personal_data';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function call(app: NestFastifyApplication, method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN}`, ...(payload && { 'content-type': 'application/json' }) },
    ...(payload && { payload: JSON.stringify(payload) }),
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
  return response.json<{ id: string }>();
}

async function timed(app: NestFastifyApplication, urls: readonly string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const url of urls) {
      const started = performance.now();
      await call(app, 'GET', url);
      latencies.push(performance.now() - started);
    }
  return latencies;
}

async function main(): Promise<void> {
  await onServer(`drop database if exists ${DB} with (force)`);
  await onServer(`create database ${DB}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB}`;
  const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN });
  config.ROLE = 'api';
  const app = await createApp(config);
  try {
    const contract = await call(app, 'POST', '/v1/contracts', {
      accountId: 'acme',
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
      startsAt: '2026-01-01T00:00:00Z',
    });
    for (let i = 0; i < 10; i++)
      await call(app, 'POST', `/v1/contracts/${contract.id}/contacts`, {
        contactId: `contact-${i}`,
        name: `Contact Number${i}`,
        email: `contact-${i}@acme.example`,
        phone: `+44 20 7946 01${String(i).padStart(2, '0')}`,
      });
    const sealed: string[] = [];
    const clear: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const vitalInformation = {
        company: 'Acme Ltd',
        contactName: `Contact Number${i % 10}`,
        phone: '+44 20 7946 0100',
        email: `contact-${i % 10}@acme.example`,
        description: 'Every send fails',
      };
      const hotline = await call(app, 'POST', '/v1/cases/hotline-calls', {
        contractId: contract.id,
        contactId: `contact-${i % 10}`,
        vitalInformation,
      });
      sealed.push(`/v1/cases/${hotline.id}`);
      const portal = await call(app, 'POST', '/v1/cases', {
        contractId: contract.id,
        contactId: `contact-${i % 10}`,
        channel: 'portal',
        subject: 'Every send fails',
        description: 'Every send fails',
        category: 'incident',
        priority: 'P1',
        criticality: 'critical',
      });
      clear.push(`/v1/cases/${portal.id}`);
    }
    await timed(app, [...sealed, ...clear]); // warm-up
    const figures = {
      'GET case, sealed vital information': await timed(app, sealed),
      'GET case, no personal data': await timed(app, clear),
      'GET contract, 10 sealed contacts': await timed(
        app,
        Array.from({ length: CASES }, () => `/v1/contracts/${contract.id}`),
      ),
    };
    console.log(`| read | reads | p50 | p99 |\n|---|---|---|---|`);
    for (const [name, xs] of Object.entries(figures))
      console.log(
        `| ${name} | ${xs.length} | ${percentile(xs, 0.5).toFixed(2)} ms | ${percentile(xs, 0.99).toFixed(2)} ms |`,
      );
  } finally {
    await app.close();
    await onServer(`drop database if exists ${DB} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
