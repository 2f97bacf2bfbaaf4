/**
 * What the write path's stream cache costs per command once it is large, beside a plain Map doing
 * the same lookups and stores (no eviction: the floor). Two patterns: opening a case (the contract
 * it opens under is read, then the new case is stored, so one entry is hit on every command) and
 * answering cases (one case read and stored, in no particular order).
 *
 *   node -r @swc-node/register bench/stream-cache-hits.ts
 *
 * Environment: BENCH_CACHE_SIZE (default 50000, STREAM_CACHE_SIZE's default), BENCH_RUNS (default 3).
 */
import { StreamCache } from '../libs/application/src/write-path/stream-cache';
import { median } from './support/stats';

const SIZE = Number(process.env.BENCH_CACHE_SIZE ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMMANDS = SIZE + SIZE / 5; // past full, so eviction is part of it
const entry = { events: [], revision: 0n, chainHash: undefined };

interface Cache {
  get(id: string): unknown;
  set(id: string, value: typeof entry): void;
}

/** Microseconds per command for each pattern. */
function measure(cache: Cache): { open: number; answer: number } {
  cache.set('contract-k', entry);
  let started = process.hrtime.bigint();
  for (let i = 0; i < COMMANDS; i++) {
    cache.get('contract-k');
    cache.set(`case-${i}`, entry);
  }
  const open = Number(process.hrtime.bigint() - started) / COMMANDS / 1000;
  started = process.hrtime.bigint();
  for (let i = 0; i < COMMANDS; i++) {
    const id = `case-${(i * 7919) % COMMANDS}`;
    cache.get(id);
    cache.set(id, entry);
  }
  const answer = Number(process.hrtime.bigint() - started) / COMMANDS / 1000;
  return { open, answer };
}

const rows: { cache: { open: number; answer: number }; map: { open: number; answer: number } }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const map = measure(new Map());
  const cache = measure(new StreamCache(SIZE));
  rows.push({ cache, map });
  console.log(
    `run ${run}: opening ${cache.open.toFixed(2)} µs (plain Map ${map.open.toFixed(2)}), ` +
      `answering ${cache.answer.toFixed(2)} µs (plain Map ${map.answer.toFixed(2)})`,
  );
}
const m = (pick: (row: (typeof rows)[number]) => number) => median(rows.map(pick)).toFixed(2);
console.log(`\nmedians over ${RUNS} runs, ${SIZE} streams kept, ${COMMANDS} commands per pattern:`);
console.log(`| pattern | stream cache µs/command | plain Map µs/command | ratio |`);
console.log(`|---|---|---|---|`);
console.log(
  `| opening | ${m((r) => r.cache.open)} | ${m((r) => r.map.open)} | ${m((r) => r.cache.open / r.map.open)} |`,
);
console.log(
  `| answering | ${m((r) => r.cache.answer)} | ${m((r) => r.map.answer)} | ${m((r) => r.cache.answer / r.map.answer)} |`,
);
