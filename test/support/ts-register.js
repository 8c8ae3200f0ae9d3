// `node -r test/support/ts-register.js some-file.ts`: runs the TypeScript sources directly,
// for child processes that e2e tests spawn and kill (e.g. a collection worker). Each .ts
// file is transpiled on require with `typescript.transpileModule` (no type check: tsc and
// ts-jest do that), and the `@app/<lib>` aliases are mapped by test/support/register-aliases.ts,
// the same hook jest's globalSetup uses, so both stay one list.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  isolatedModules: true,
  sourceMap: false,
  inlineSourceMap: false,
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions,
    fileName: filename,
    reportDiagnostics: false,
  });
  module._compile(outputText, filename);
};

require(join(__dirname, 'register-aliases.ts'));
