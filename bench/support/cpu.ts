/** CPU time of processes as the kernel counts it, so that a figure holds on a shared, noisy machine. Linux only. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** User plus system CPU time so far, and the system part of it, in microseconds. */
export interface CpuTime {
  total: number;
  system: number;
}

/** The CPU time of a process so far (utime + stime, fields 14 and 15 of /proc/<pid>/stat); throws if it is gone. */
export function processCpu(pid: number): CpuTime {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    total: ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND,
    system: (Number(fields[12]) * 1_000_000) / CLOCK_TICKS_PER_SECOND,
  };
}

/** The CPU time of the processes so far, summed; one gone (a backend that disconnected) counts nothing. */
export function processesCpu(pids: readonly number[]): CpuTime {
  let total = 0;
  let system = 0;
  for (const pid of pids) {
    let cpu: CpuTime;
    try {
      cpu = processCpu(pid);
    } catch {
      continue;
    }
    total += cpu.total;
    system += cpu.system;
  }
  return { total, system };
}
