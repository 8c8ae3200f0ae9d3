#!/usr/bin/env node
// node summarize.js results/results-XXXX.jsonl  -> markdown table (values "round1 / round2")
'use strict';
const fs = require('node:fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const variants = [...new Set(rows.map((r) => r.variant))];
const get = (v, b, f) => rows.filter((r) => r.variant === v && r.body === b).map((r) => r[f]).join(' / ');
console.log('| variant | refused CPU µs/req | accepted CPU µs/req | req/s refused; accepted | p99 ms refused; accepted |');
console.log('|---|---|---|---|---|');
for (const v of variants) {
  console.log(`| ${v} | ${get(v, 'refused', 'cpuUsPerReq')} | ${get(v, 'accepted', 'cpuUsPerReq')} | ` +
    `${get(v, 'refused', 'reqPerSec')}; ${get(v, 'accepted', 'reqPerSec')} | ${get(v, 'refused', 'p99ms')}; ${get(v, 'accepted', 'p99ms')} |`);
}
