/**
 * CPU per call of the global validation pipe on the bodies of the two hot write routes, against
 * Nest's ValidationPipe with the same options (what the pipe was before it validated by plan), in
 * one process, alternating rounds so that the machine's load falls on both alike.
 *
 *   node -r @swc-node/register bench/validation-pipe.ts
 *
 * Environment: BENCH_CALLS (per round and pipe, default 20000), BENCH_ROUNDS (default 5).
 */
import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import { TextIntegrityPipe } from '../apps/api/src/http-conventions/text-integrity.pipe';
import {
  problemValidationPipe,
  problemValidationPipeOptions,
} from '../apps/api/src/problem-details/problem-validation.pipe';
import { OpenCaseRequest } from '../apps/api/src/support-cases/open-case.request.dto';
import { RespondToCaseRequest } from '../apps/api/src/support-cases/respond-to-case.request.dto';
import { openCaseRequest } from './support/api';

/**
 * class-validator's storage walks every class it holds on each call, so the API's cost depends on
 * all its DTO classes being loaded, as they are in the API.
 */
function loadEveryDto(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) loadEveryDto(join(dir, entry.name));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    else if (entry.name.endsWith('.dto.ts')) require(join(dir, entry.name));
  }
}
loadEveryDto(join(__dirname, '../apps/api/src'));

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const cases: { name: string; text: string; metadata: ArgumentMetadata }[] = [
  {
    name: 'respond body',
    text: JSON.stringify({ message: 'Looking into it', agentId: 'agent-1' }),
    metadata: { type: 'body', metatype: RespondToCaseRequest },
  },
  {
    name: 'open body',
    text: JSON.stringify(openCaseRequest('01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11')),
    metadata: { type: 'body', metatype: OpenCaseRequest },
  },
  {
    name: 'open body, refused (2 fields)',
    text: JSON.stringify({ ...openCaseRequest('not-a-uuid'), contactId: undefined, priority: 'P9' }),
    metadata: { type: 'body', metatype: OpenCaseRequest },
  },
];

const textIntegrity = new TextIntegrityPipe();

/** µs of CPU per call of text integrity then the pipe, on freshly parsed bodies as the API gets them. */
async function measure(pipe: PipeTransform, text: string, metadata: ArgumentMetadata): Promise<number> {
  const bodies = Array.from({ length: CALLS }, () => JSON.parse(text) as unknown);
  const before = cpuUsage();
  for (const body of bodies) {
    try {
      await pipe.transform(textIntegrity.transform(body, metadata), metadata);
    } catch {
      // refusals are measured like answers
    }
  }
  const used = cpuUsage(before);
  return (used.user + used.system) / CALLS;
}

async function main(): Promise<void> {
  const nest = new ValidationPipe(problemValidationPipeOptions());
  const byPlan = problemValidationPipe();
  for (const { name, text, metadata } of cases) {
    const nestRuns: number[] = [];
    const planRuns: number[] = [];
    await measure(nest, text, metadata);
    await measure(byPlan, text, metadata);
    for (let round = 0; round < ROUNDS; round++) {
      nestRuns.push(await measure(nest, text, metadata));
      planRuns.push(await measure(byPlan, text, metadata));
    }
    const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    const show = (runs: number[]) => runs.map((run) => run.toFixed(1)).join(' / ');
    console.log(
      `${name}: Nest's ValidationPipe ${median(nestRuns).toFixed(1)} µs (${show(nestRuns)}), ` +
        `by plan ${median(planRuns).toFixed(1)} µs (${show(planRuns)})`,
    );
  }
}

void main();
