import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory of bench subjects, read from /proc: what the kernel says a process holds, not what
 * V8 reports, so native buffers (pg, zlib, exceljs) count too.
 */

/** One field of /proc/<pid>/status in kB: VmRSS (resident now) or VmHWM (peak resident); 0 when gone. */
function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The process and every process below it (an app's cluster workers), gone ones left out. */
export function processTree(pid: number): number[] {
  const out = [pid];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (children) for (const c of children.split(/\s+/)) out.push(...processTree(Number(c)));
    }
  } catch {
    /* gone */
  }
  return out;
}

/** Resident memory of one process now, in MB. */
export const rssMb = (pid: number): number => statusKb(pid, 'VmRSS') / 1024;

/** The most one process has held resident since it started (VmHWM), in MB. */
export const peakRssMb = (pid: number): number => statusKb(pid, 'VmHWM') / 1024;

/** Resident memory of a process tree now, in MB. */
export const treeRssMb = (pid: number): number => processTree(pid).reduce((sum, p) => sum + rssMb(p), 0);

/** The sum of each tree member's own peak (an upper bound of the tree's peak), in MB. */
export const treePeakRssMb = (pid: number): number =>
  processTree(pid).reduce((sum, p) => sum + peakRssMb(p), 0);
