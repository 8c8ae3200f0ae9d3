import { Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';

/** The advisory-lock namespace (first key) of process leases: 'JS'. */
export const PROCESS_LEASE_NAMESPACE = 0x4a53;

/**
 * SQL that is true when the process holding lease `ownerSql` is gone: no session of this
 * database holds its advisory lock any more (Postgres drops a session's locks the moment it
 * ends: the process was killed, or lost its connection).
 */
export function leaseGoneSql(ownerSql: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_locks l
                       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                         AND l.classid = ${PROCESS_LEASE_NAMESPACE} AND l.objid = (${ownerSql})::oid)`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A live process's mark in Postgres: a session-level advisory lock (namespace, id), held on
 * a connection of its own for as long as the process lives. What a process marks with its
 * lease id (an in-flight idempotency key) is known to be abandoned the moment the process
 * dies, instead of after a staleness timeout. If the connection drops while the process
 * lives (a Postgres restart), the lease is taken again, with the same id when it is free.
 */
export class ProcessLease {
  private readonly logger = new Logger(ProcessLease.name);
  /** 1 … 2^31 − 1: stored in an integer column and compared with pg_locks.objid. */
  id = randomInt(1, 2 ** 31 - 1);
  private client: Client | null = null;
  private closed = false;
  private held: Promise<void> | null = null;

  constructor(private readonly connectionString: string) {}

  /** Takes the lease (retrying while Postgres is unreachable); resolves once it is held. */
  hold(): Promise<void> {
    this.held ??= this.take().finally(() => (this.held = null));
    return this.held;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async take(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const client = new Client({
        connectionString: this.connectionString,
        application_name: 'jinshui-lease',
      });
      // Listened to from the start: a connection dropped once connected (even while the lock
      // query runs) is also emitted as 'error', which unlistened would end the process.
      // The failure itself reaches us through connect(), the query, or 'end'.
      client.on('error', () => undefined);
      try {
        await client.connect();
        while (!(await this.tryLock(client))) this.id = randomInt(1, 2 ** 31 - 1);
        client.once('end', () => this.lost(client));
        this.client = client;
        return;
      } catch (err) {
        await client.end().catch(() => undefined);
        if (attempt === 0)
          this.logger.warn({ err: (err as Error).message }, 'process lease not taken; retrying');
        await sleep(Math.min(100 * 2 ** attempt, 2000));
      }
    }
  }

  private async tryLock(client: Client): Promise<boolean> {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      PROCESS_LEASE_NAMESPACE,
      this.id,
    ]);
    return rows[0].ok;
  }

  private lost(client: Client): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    this.logger.warn({ lease: this.id }, 'process lease lost with its connection; taking it again');
    void this.hold();
  }
}
