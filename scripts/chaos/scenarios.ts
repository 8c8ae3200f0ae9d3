import Bull from 'bull';
import { AUDIT_CONTROL_QUEUE, AUDIT_NIGHTLY_JOB } from '@app/queue';
import { ApiEconomy, claimsCsv } from '../system/api-economy';
import { Check, claimsOfUpload, noKeyLeftInFlight, numberingChecks, withDb } from './invariants';
import { ChaosEnv, check, Scenario, sleep, until } from './scenario';
import type { AppName } from '../system/stack';
import {
  AcknowledgedInvoice,
  claimIssued,
  issueInvoices,
  RunState,
  startAudit,
  startClaimsUpload,
  UploadState,
  uploadState,
  waitRun,
  waitUpload,
} from './workloads';

// Large enough that its merge takes seconds, so that a fault lands while it is processing.
const UPLOAD_GOOD = 150_000;
const UPLOAD_BAD = 100;

/** A world with traded, claimed invoices: input for an audit that finds something. */
async function tradedWorld(env: ChaosEnv): Promise<{ world: ApiEconomy; invoices: AcknowledgedInvoice[] }> {
  const world = await ApiEconomy.open(env.stack.urls, env.tag, 4, 3);
  const invoices = await issueInvoices(world, 240, 8);
  // Four in five claimed: the rest are UNCLAIMED findings.
  await claimIssued(
    world,
    invoices.filter((_, i) => i % 5 !== 0),
    `${env.tag}-claims`,
  );
  return { world, invoices };
}

/** A store or app that was down must have answered 503 (or not at all), never 500. */
function noServerErrors(world: ApiEconomy): Check {
  const s = world.stats;
  return check(
    'clients never answered 500 (503 with Retry-After, or no connection, while something was down)',
    s.status500 === 0,
    `${s.status500} × 500, ${s.status5xx - s.status500} × 503, ${s.inFlight409} × 409 in flight, ${s.networkErrors} network errors; longest recovery ${(s.longestRecoveryMs / 1000).toFixed(1)} s`,
  );
}

function runChecks(label: string, run: RunState, reference: RunState): Check[] {
  return [
    check(
      `${label}: run completed`,
      run.status === 'completed',
      `${run.status}${run.error ? `: ${run.error}` : ''}`,
    ),
    check(
      `${label}: same counts as an undisturbed run of the same scope`,
      JSON.stringify(run.counts) === JSON.stringify(reference.counts),
      JSON.stringify(run.counts),
    ),
  ];
}

/** An audit over the world's scope started and finished with no fault: what a faulted run must equal. */
async function referenceRun(world: ApiEconomy, tag: string): Promise<RunState> {
  return waitRun(world, await startAudit(world, `${tag}-reference`));
}

function uploadChecks(
  label: string,
  state: UploadState,
  merged: { rows: number; distinct: number },
): Check[] {
  return [
    check(
      `${label}: upload completed`,
      state.status === 'completed',
      `${state.status} ${state.phase ?? ''} ${state.error ?? ''}`,
    ),
    check(
      `${label}: same counts as an undisturbed upload`,
      state.rowsAccepted === UPLOAD_GOOD && state.rowsRejected === UPLOAD_BAD,
      `${state.rowsAccepted} accepted, ${state.rowsRejected} rejected`,
    ),
    check(
      `${label}: every accepted row merged exactly once`,
      merged.rows === UPLOAD_GOOD && merged.distinct === UPLOAD_GOOD,
      `${merged.rows} claims rows, ${merged.distinct} distinct`,
    ),
  ];
}

async function startBigUpload(world: ApiEconomy, tag: string, salt: number): Promise<string> {
  return startClaimsUpload(world, claimsCsv(world, UPLOAD_GOOD, UPLOAD_BAD, salt), `${tag}-upload`);
}

/** Waits until the upload is processing; returns a check that the fault about to come lands mid-upload. */
async function waitUploadMoving(world: ApiEconomy, uploadId: string): Promise<Check> {
  let state: UploadState | undefined;
  await until('the upload to be processing', async () => {
    state = await uploadState(world, uploadId);
    return state.status === 'processing' || state.status === 'completed';
  });
  return check(
    'the fault hit the upload while it was processing',
    state!.status === 'processing',
    `${state!.status}, phase ${state!.phase ?? '-'}, ${state!.rowsAccepted + state!.rowsRejected} of ${state!.rowsTotal} rows judged`,
  );
}

async function nightlySchedules(env: ChaosEnv): Promise<number> {
  const queue = new Bull(AUDIT_CONTROL_QUEUE, env.redis.url, { prefix: 'jinshui' });
  try {
    return (await queue.getRepeatableJobs()).filter((j) => j.name === AUDIT_NIGHTLY_JOB).length;
  } finally {
    await queue.close();
  }
}

const killIssuance: Scenario = {
  fault: 'kill -9 issuance under issuing load',
  async run(env) {
    const world = await ApiEconomy.open(env.stack.urls, env.tag, 6, 3);
    let killed: number | null = null;
    const acknowledged = await issueInvoices(world, 600, 16, (done) => {
      if (done === 150 && killed === null) killed = env.stack.kill9('issuance');
    });
    await env.stack.waitRestarted('issuance', killed!);
    return withDb(env.databaseUrl, async (db) => [
      ...(await numberingChecks(db, world, acknowledged)),
      await noKeyLeftInFlight(db, world),
      noServerErrors(world),
    ]);
  },
};

/**
 * A fault that strikes a 150,100-row claims upload while it is processing: the upload must
 * then complete with the counts of an undisturbed one, every row merged once.
 */
function midUpload(
  fault: string,
  salt: number,
  label: string,
  strike: (env: ChaosEnv) => Promise<void>,
): Scenario {
  return {
    fault,
    async run(env) {
      const world = await ApiEconomy.open(env.stack.urls, env.tag, 1, 1);
      const uploadId = await startBigUpload(world, env.tag, salt);
      const hit = await waitUploadMoving(world, uploadId);
      await strike(env);
      const state = await waitUpload(world, uploadId);
      return withDb(env.databaseUrl, async (db) => [
        hit,
        ...uploadChecks(label, state, await claimsOfUpload(db, uploadId)),
        noServerErrors(world),
      ]);
    },
  };
}

const killCollection = midUpload('kill -9 collection mid-upload', 1, 'after the kill', async (env) => {
  const killed = env.stack.kill9('collection');
  await env.stack.waitRestarted('collection', killed);
});

/**
 * A fault that strikes an audit run as soon as it is accepted (its partition jobs are being
 * taken or worked): the run must complete with the counts of an undisturbed run of its scope.
 */
function midAudit(fault: string, label: string, strike: (env: ChaosEnv) => Promise<void>): Scenario {
  return {
    fault,
    async run(env) {
      const { world } = await tradedWorld(env);
      const runId = await startAudit(world, `${env.tag}-run`);
      await strike(env);
      const run = await waitRun(world, runId);
      return [...runChecks(label, run, await referenceRun(world, env.tag)), noServerErrors(world)];
    },
  };
}

const killAudit = midAudit('kill -9 audit mid-run', 'after the kill', async (env) => {
  const killed = env.stack.kill9('audit');
  await env.stack.waitRestarted('audit', killed);
});

const killBureau: Scenario = {
  fault: 'kill -9 bureau while audits are requested',
  async run(env) {
    const { world } = await tradedWorld(env);
    const keys = Array.from({ length: 5 }, (_, i) => `${env.tag}-req-${i}`);
    const started = keys.map((k) => startAudit(world, k));
    const killed = env.stack.kill9('bureau');
    await env.stack.waitRestarted('bureau', killed);
    const runIds = await Promise.all(started);
    const runs = await Promise.all(runIds.map((id) => waitRun(world, id)));
    const reference = await referenceRun(world, env.tag);
    const scoped = await withDb(env.databaseUrl, async (db) => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit.runs
          WHERE kind = 'on_demand' AND tax_ids @> $1::text[] AND tax_ids <@ $1::text[]`,
        [world.taxIds()],
      );
      return Number(rows[0].n);
    });
    return [
      check(
        'one run per Idempotency-Key (retried requests never started a second run)',
        new Set(runIds).size === 5 && scoped === 6,
        `${scoped} runs for 5 keys + the reference`,
      ),
      ...runs.flatMap((r, i) => runChecks(`request ${i + 1}`, r, reference)),
      noServerErrors(world),
    ];
  },
};

/** Postgres stops as in a crash (no checkpoint; recovery from WAL) and is back after 3 s. */
async function crashPostgres(env: ChaosEnv): Promise<void> {
  env.stack.note('Postgres: stop -m immediate');
  env.pg.stop('immediate');
  await sleep(3000);
  await env.pg.start();
  env.stack.note('Postgres: started');
}

const postgresCrash: Scenario = {
  fault: 'Postgres immediate stop and start under issuing load',
  async run(env) {
    const world = await ApiEconomy.open(env.stack.urls, env.tag, 6, 3);
    const fault: { crash?: Promise<void> } = {};
    const acknowledged = await issueInvoices(world, 800, 16, (done) => {
      if (done === 200 && fault.crash === undefined) {
        fault.crash = crashPostgres(env);
      }
    });
    await fault.crash;
    await env.stack.waitHealthy();
    return withDb(env.databaseUrl, async (db) => [
      ...(await numberingChecks(db, world, acknowledged)),
      await noKeyLeftInFlight(db, world),
      noServerErrors(world),
    ]);
  },
};

const postgresMidUpload = midUpload(
  'Postgres immediate stop and start mid-upload',
  4,
  'after the crash',
  crashPostgres,
);

async function restartRedis(env: ChaosEnv): Promise<void> {
  env.stack.note('Redis: shutdown nosave');
  await env.redis.shutdown();
  await sleep(1000);
  await env.redis.start();
  env.stack.note('Redis: started (empty)');
}

const redisMidAudit = midAudit('Redis restart (all keys lost) mid-audit', 'after the restart', restartRedis);

const redisMidUpload = midUpload(
  'Redis restart (all keys lost) mid-upload',
  2,
  'after the restart',
  restartRedis,
);

const redisSchedule: Scenario = {
  fault: 'Redis restart around the nightly schedule',
  async run(env) {
    const before = await nightlySchedules(env);
    await restartRedis(env);
    await until('the nightly schedule to be registered again', async () => (await nightlySchedules(env)) > 0);
    // Every sweep and a restarted audit app register it again: still one.
    const killed = env.stack.kill9('audit');
    await env.stack.waitRestarted('audit', killed);
    await sleep(5000);
    const after = await nightlySchedules(env);
    return [
      check('one nightly schedule before the restart', before === 1, `${before}`),
      check(
        'exactly one nightly schedule after the restart and an audit app restart',
        after === 1,
        `${after}`,
      ),
    ];
  },
};

const concurrentAudits: Scenario = {
  fault: 'two concurrent audits of one scope',
  async run(env) {
    const { world } = await tradedWorld(env);
    const [a, b] = await Promise.all([startAudit(world, `${env.tag}-a`), startAudit(world, `${env.tag}-b`)]);
    const [runA, runB] = await Promise.all([waitRun(world, a), waitRun(world, b)]);
    const reference = await referenceRun(world, env.tag);
    const duplicates = await withDb(env.databaseUrl, async (db) => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM (
           SELECT period, identity FROM audit.findings
            WHERE seller_tax_id = ANY($1) OR buyer_tax_id = ANY($1)
            GROUP BY period, identity HAVING count(*) > 1) d`,
        [world.taxIds()],
      );
      return Number(rows[0].n);
    });
    return [
      ...runChecks('first run', runA, reference),
      ...runChecks('second run', runB, reference),
      check('no finding recorded twice', duplicates === 0, `${duplicates} duplicated identities`),
      noServerErrors(world),
    ];
  },
};

const fiveRestarts: Scenario = {
  fault: 'five restarts of the whole stack in a row, mid-upload and mid-audit',
  async run(env) {
    const { world } = await tradedWorld(env);
    // The upload's taxpayers are outside the audit's scope: the reference run, started once
    // the upload has completed, must see the same input as the run started before it.
    const uploader = await ApiEconomy.open(env.stack.urls, `${env.tag}u`, 1, 1);
    const uploadId = await startBigUpload(uploader, env.tag, 3);
    const runId = await startAudit(world, `${env.tag}-run`);
    const hit = await waitUploadMoving(uploader, uploadId);
    for (let i = 0; i < 5; i++) {
      await env.stack.stop();
      await env.stack.start();
    }
    const [upload, run] = await Promise.all([waitUpload(uploader, uploadId), waitRun(world, runId)]);
    const reference = await referenceRun(world, env.tag);
    const merged = await withDb(env.databaseUrl, (db) => claimsOfUpload(db, uploadId));
    const schedules = await nightlySchedules(env);
    return [
      hit,
      ...uploadChecks('after five restarts', upload, merged),
      ...runChecks('after five restarts', run, reference),
      check('exactly one nightly schedule', schedules === 1, `${schedules}`),
      noServerErrors(world),
      noServerErrors(uploader),
    ];
  },
};

/** Every fault the suite scripts, in the order it runs them. */
export const SCENARIOS: readonly Scenario[] = [
  killIssuance,
  killCollection,
  killAudit,
  killBureau,
  postgresCrash,
  postgresMidUpload,
  redisMidAudit,
  redisMidUpload,
  redisSchedule,
  concurrentAudits,
  fiveRestarts,
];

export type { AppName };
