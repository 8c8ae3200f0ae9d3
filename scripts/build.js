#!/usr/bin/env node
// Compiles apps, libs, db and scripts in one tsc pass into dist/, rewrites the @app/*
// path aliases to relative requires (tsc-alias), and copies the non-TypeScript assets
// (SQL files, reference data, plain-JS worker scripts, the bureau dashboard's static files)
// next to the code that reads them.
'use strict';
const { execFileSync } = require('node:child_process');
const { cpSync, rmSync, readdirSync, statSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const root = join(__dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

// The bureau dashboard (apps/bureau/src/dashboard/public/**): static ES modules, HTML, CSS, served as-is.
const dashboardPublic = join(root, 'apps', 'bureau', 'src', 'dashboard', 'public');
const isDashboardFile = (path) => path.startsWith(dashboardPublic + sep);

function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (/\.(sql|json|csv)$|\.worker\.js$/.test(name) || isDashboardFile(path))
      cpSync(path, join(root, 'dist', relative(root, path)));
  }
}
for (const dir of ['apps', 'libs', 'db']) copyAssets(join(root, dir));
