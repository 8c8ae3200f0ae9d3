#!/usr/bin/env node
// Driver: node run.js [variant ...]   (env ROUNDS=2 WARMUP=5000 MEASURE=20000 CONNS=32)
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');

const ALL = ['raw', 'express-cv', 'fastify-cv', 'fastify-ajv', 'express-ajv', 'express-cv-pino', 'fastify-cv-pino'];
const variants = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
const ROUNDS = Number(process.env.ROUNDS || 2);
const WARMUP = Number(process.env.WARMUP || 5000);
const MEASURE = Number(process.env.MEASURE || 20000);
const CONNS = Number(process.env.CONNS || 32);
const PORT = 3100, CTRL = 3199;
const AC = path.join(__dirname, 'node_modules/.bin/autocannon');
const OUT = path.join(__dirname, 'results', `results-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
fs.mkdirSync(path.dirname(OUT), { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a);

// Wait while a repo benchmark (dist/bench...) runs. execFile, not a shell, so pgrep cannot match itself.
async function waitQuiet() {
  const t0 = Date.now();
  for (;;) {
    let out = '';
    try { out = execFileSync('pgrep', ['-af', 'dist/bench'], { encoding: 'utf8' }); } catch { out = ''; }
    if (!out.trim()) return;
    if (Date.now() - t0 > 20 * 60 * 1000) throw new Error('repo benchmark still running after 20 min: ' + out);
    log('repo benchmark running, waiting 30 s:', out.trim().split('\n')[0]);
    await sleep(30000);
  }
}

function ctrl(p) {
  return new Promise((res, rej) => {
    http.get({ host: '127.0.0.1', port: CTRL, path: p }, (r) => {
      let d = ''; r.on('data', (c) => (d += c)); r.on('end', () => res(JSON.parse(d)));
    }).on('error', rej);
  });
}

function autocannon(body, amount) {
  return new Promise((res, rej) => {
    const args = ['-c', String(CONNS), '-a', String(amount), '-m', 'POST', '-H', 'content-type=application/json',
      '-i', path.join(__dirname, 'bodies', `${body}.json`), '-j', `http://127.0.0.1:${PORT}/invoices`];
    const p = spawn(AC, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; p.stdout.on('data', (c) => (out += c));
    let err = ''; p.stderr.on('data', (c) => (err += c));
    p.on('exit', (code) => code === 0 ? res(JSON.parse(out.trim().split('\n').pop())) : rej(new Error(err)));
  });
}

async function startServer(variant) {
  const p = spawn(process.execPath, ['--expose-gc', path.join(__dirname, 'dist/server.js')], {
    env: { ...process.env, VARIANT: variant, PORT: String(PORT), CTRL_PORT: String(CTRL) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((res, rej) => {
    let buf = '';
    p.stdout.on('data', (c) => { buf += c; if (buf.includes('READY')) res(); });
    p.on('exit', (c) => rej(new Error(`server ${variant} exited ${c}`)));
  });
  return p;
}

async function main() {
  log('results ->', OUT);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of variants) {
      await waitQuiet();
      const srv = await startServer(variant);
      try {
        for (const body of ['refused', 'accepted']) await autocannon(body, WARMUP);
        let attempt = 1;
        for (let bi = 0; bi < 2; bi++) {
          const body = ['refused', 'accepted'][bi];
          await waitQuiet();
          await sleep(300);
          let disturbed = false;
          const watch = setInterval(() => {
            try { if (execFileSync('pgrep', ['-f', 'dist/bench'], { encoding: 'utf8' }).trim()) disturbed = true; } catch {}
          }, 1000);
          await ctrl('/mark');
          const ac = await autocannon(body, MEASURE);
          const cpu = await ctrl('/report');
          clearInterval(watch);
          if (disturbed && attempt < 3) { log(`disturbed by a repo benchmark, redoing ${variant}/${body}`); attempt++; bi--; continue; }
          attempt = 1;
          const expect = body === 'refused' ? ac.non2xx : ac['2xx'];
          const rec = {
            round, variant, body, requests: cpu.requests,
            cpuUsPerReq: +cpu.cpuUsPerReq.toFixed(1), userUsPerReq: +cpu.userUsPerReq.toFixed(1),
            sysUsPerReq: +cpu.sysUsPerReq.toFixed(1), reqPerSec: Math.round(cpu.serverReqPerSec), acAvgReqPerSec: Math.round(ac.requests.average), acMeanLatMs: ac.latency.average,
            p50ms: ac.latency.p50, p99ms: ac.latency.p99, okStatus: expect, errors: ac.errors,
            timeouts: ac.timeouts, disturbed, rssMiB: Math.round(cpu.rssMiB),
          };
          if (expect !== MEASURE) log('WARNING: unexpected status count', rec);
          fs.appendFileSync(OUT, JSON.stringify(rec) + '\n');
          log(JSON.stringify(rec));
        }
      } finally {
        srv.kill('SIGTERM');
        await new Promise((r) => srv.once('exit', r));
      }
    }
  }
  log('done ->', OUT);
}
main().catch((e) => { log(e); process.exit(1); });
