import { readdirSync, readFileSync } from 'node:fs';
import { Pool } from 'pg';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common platform. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of one process and its parent, from /proc; null when unreadable. */
function processTimes(pid: number): { seconds: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** The process and its children (the HTTP workers of a cluster primary). */
function processTree(root: number): number[] {
  const pids = [root];
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name) && processTimes(Number(name))?.ppid === root) pids.push(Number(name));
  }
  return pids;
}

export type CpuSnapshot = Map<number, number>;

/**
 * CPU time of the app's processes and of the Postgres backends serving this database, so
 * that a run on a busy machine still tells where each invoice's CPU went. Linux only:
 * elsewhere the figures come out as null.
 */
export async function snapshotCpu(
  pool: Pool,
  appPid: number,
): Promise<{ app: CpuSnapshot; pg: CpuSnapshot }> {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  const read = (pids: number[]) => {
    const out: CpuSnapshot = new Map();
    for (const pid of pids) {
      const t = processTimes(pid);
      if (t) out.set(pid, t.seconds);
    }
    return out;
  };
  return { app: read(processTree(appPid)), pg: read(rows.map((r) => r.pid)) };
}

/** Milliseconds of CPU per invoice between two snapshots (processes born in between count from 0). */
export function cpuMsPerInvoice(before: CpuSnapshot, after: CpuSnapshot, invoices: number): number | null {
  if (after.size === 0) return null;
  let seconds = 0;
  for (const [pid, t] of after) seconds += t - (before.get(pid) ?? 0);
  return (seconds * 1000) / invoices;
}
