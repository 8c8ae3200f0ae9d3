import { Client } from 'pg';
import { ProcessLease, PROCESS_LEASE_NAMESPACE } from '@app/idempotency';
import { freeLoopbackPort, TcpProxy } from '../support/tcp-proxy';

/**
 * A process's lease connection can drop at any moment, including between connecting and
 * taking the advisory lock. That must cost a retry, never the process: pg's Client emits a
 * dropped connection as 'error', and an 'error' nobody listens to is thrown (CI once ended
 * this way, in store-outage.e2e-spec.ts, when the proxy was cut while the lease was being
 * taken again).
 */
describe('the process lease when its connection drops while the lock is taken', () => {
  const target = new URL(process.env.DATABASE_URL!);
  const proxy = new TcpProxy(freeLoopbackPort(), {
    host: target.hostname,
    port: Number(target.port || 5432),
  });
  const viaProxy = new URL(target.toString());
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const leases: ProcessLease[] = [];

  afterAll(async () => {
    await Promise.all(leases.map((lease) => lease.close()));
    await proxy.close();
  });

  it('retries, without an unhandled error, and holds the lease once the connection stays up', async () => {
    // Every connection is dropped when the client sends its first extended-protocol query
    // ('P', Parse): the advisory lock's, right after the connection was established.
    await proxy.dropOn('P');
    const lease = new ProcessLease(viaProxy.toString());
    leases.push(lease);
    const held = lease.hold();
    await new Promise((resolve) => setTimeout(resolve, 500)); // a few attempts, all dropped
    await proxy.restore();
    await held;

    const db = new Client({ connectionString: target.toString() });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2`,
        [PROCESS_LEASE_NAMESPACE, lease.id],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });
});
