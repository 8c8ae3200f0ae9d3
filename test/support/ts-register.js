// `node -r test/support/ts-register.js some-file.ts`: runs the TypeScript sources directly,
// for child processes that e2e tests spawn and kill (e.g. a collection worker). Each .ts
// file is transpiled on require with `typescript.transpileModule` (no type check: tsc and
// ts-jest do that), and the `@app/<lib>` aliases are mapped by test/support/register-aliases.ts,
// the same hook jest's globalSetup uses, so both stay one list.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
// loaded on the first cache miss only: requiring TypeScript itself takes about a second
let ts;
const typescript = () => (ts ??= require('typescript'));

const compilerOptions = {
  module: 1, // ts.ModuleKind.CommonJS
  target: 10, // ts.ScriptTarget.ES2023
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  isolatedModules: true,
  sourceMap: false,
  inlineSourceMap: false,
};

// Transpiled output, keyed by the source, its path, the options and TypeScript's version: a
// child process spent ~3 s transpiling the CLI's few hundred files before it ran, up to ten
// times that when the suite loads both cores, and the CLI tests spawn one per case. A key
// names its content, so an entry is never stale; entries are written whole (rename).
const CACHE = join(__dirname, '..', '..', 'node_modules', '.cache', 'ts-register');
const OPTIONS_KEY = JSON.stringify({
  compilerOptions,
  version: require('typescript/package.json').version,
});

function transpile(source, filename) {
  return typescript().transpileModule(source, {
    compilerOptions,
    fileName: filename,
    reportDiagnostics: false,
  }).outputText;
}

function cached(source, filename) {
  const key = createHash('sha256').update(OPTIONS_KEY).update(filename).update(source).digest('hex');
  const file = join(CACHE, `${key}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const output = transpile(source, filename);
    try {
      mkdirSync(CACHE, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, output);
      renameSync(partial, file);
    } catch {
      // a read-only tree: transpile every time, as before
    }
    return output;
  }
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(cached(readFileSync(filename, 'utf8'), filename), filename);
};

require(join(__dirname, 'register-aliases.ts'));
