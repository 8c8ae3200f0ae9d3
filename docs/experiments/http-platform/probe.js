#!/usr/bin/env node
// Probe JSON body-parser edge cases on each variant: node probe.js  (uses ports 3110/3119)
'use strict';
const { spawn } = require('node:child_process');
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const ok = fs.readFileSync(path.join(__dirname, 'bodies/accepted.json'), 'utf8');
const okObj = JSON.parse(ok);
const inner = ok.slice(1, -1);
const cases = {
  'valid': [ok],
  'top-level "__proto__" key': ['{"__proto__":{"polluted":1},' + inner + '}'],
  'lines[0] "__proto__" key': [ok.replace('"lines":[{', '"lines":[{"__proto__":{"polluted":1},')],
  'top-level "constructor":{"prototype":..}': ['{"constructor":{"prototype":{"polluted":1}},' + inner + '}'],
  'duplicate key, bad value first (last good)': ['{"buyerTaxId":"BAD",' + inner + '}'],
  'duplicate key, good first (last bad)': [inner.replace(/^/, '{') + ',"buyerTaxId":"BAD"}'],
  '150 KB (whitespace-padded valid JSON)': [ok.replace('{', '{' + ' '.repeat(150 * 1024))],
  '1.5 MiB (whitespace-padded valid JSON)': [ok.replace('{', '{' + ' '.repeat(1536 * 1024))],
  'top-level null': ['null'],
  'top-level array': ['[' + ok + ']'],
  'empty body, content-type json': [''],
  'content-type text/plain (valid JSON text)': [ok, 'text/plain'],
  'content-type application/json; charset=utf-8': [ok, 'application/json; charset=utf-8'],
  'malformed JSON': ['{"type":'],
  'number where string expected (amount: 1250)': [JSON.stringify({ ...okObj, amount: 1250 })],
};
function post(body, ct) {
  return new Promise((res) => {
    const buf = Buffer.from(body);
    const r = http.request({ host: '127.0.0.1', port: 3110, path: '/invoices', method: 'POST',
      headers: { 'content-type': ct || 'application/json', 'content-length': buf.length } }, (resp) => {
      let d = ''; resp.on('data', (c) => (d += c)); resp.on('end', () => res(`${resp.statusCode} ${d.replace(/\s+/g, ' ').slice(0, 110)}`));
    });
    r.on('error', (e) => res('ERR ' + e.code));
    r.end(buf);
  });
}
(async () => {
  for (const v of ['raw', 'express-cv', 'fastify-cv', 'express-ajv', 'fastify-ajv']) {
    const p = spawn(process.execPath, [path.join(__dirname, 'dist/server.js')], {
      env: { ...process.env, VARIANT: v, PORT: '3110', CTRL_PORT: '3119' }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((r) => { let b = ''; p.stdout.on('data', (c) => { b += c; if (b.includes('READY')) r(); }); });
    console.log(`\n== ${v}`);
    for (const [name, [body, ct]] of Object.entries(cases)) console.log(`${name.padEnd(48)} -> ${await post(body, ct)}`);
    console.log(`Object.prototype polluted after run: ${({}).polluted !== undefined}`);
    p.kill(); await new Promise((r) => p.once('exit', r));
  }
})();
