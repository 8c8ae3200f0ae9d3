// Type-aware lint: floating promises, exhaustive switches and strict equality are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Every file: no climb of three levels, and a lib only through its door (its src/index.ts).
const LIB_DOORS = { group: ['../../../*', '@app/*/src/*'] };
/** The import rule for a set of files: the doors above, and `more` boundaries of its own. */
const importsRefused = (...more) => ({
  'no-restricted-imports': ['error', { patterns: [LIB_DOORS, ...more] }],
});

export default tseslint.config(
  // docs/experiments: self-contained packages with dependencies of their own (their READMEs).
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'docs/experiments/**',
      '**/*.js',
      '**/*.mjs',
      // The dashboard's browser modules are linted like the rest (their tsconfig.json types them).
      '!apps/bureau/src/dashboard/public/js/**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      ...importsRefused(),
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', '@app/*'] }],
    },
  },
  // Browser modules: TypeScript, type-checking them from their JSDoc, knows the DOM's globals.
  {
    files: ['apps/bureau/src/dashboard/public/js/**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  // Data access, one way (ADR 0029): SQL and TypeORM query builders run only in a
  // *.repository.ts. Outside: the data-access plumbing itself (libs/database's jurisdiction
  // and update-returning helpers), the process lease's lock on a connection of its own,
  // the test-economy loader, the migration runner, and the tests, chaos checks and benches,
  // whose bare statements are the check or the floor.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'scripts/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      '**/*.spec.ts',
      'libs/database/src/jurisdiction.ts',
      'libs/database/src/update-returning.ts',
      'libs/idempotency/src/process-lease.ts',
      'libs/testing/economy/**',
      'scripts/migrate.ts',
      'scripts/chaos/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(query|getRepository|createQueryBuilder)$/]",
          message: 'Queries run in a *.repository.ts (docs/adr/0029-data-access.md): move this one there.',
        },
      ],
    },
  },
  // Test tooling (libs/testing) builds data for tests, benches and the demo; no app runs it.
  {
    files: ['apps/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: importsRefused({
      group: ['@app/economy', '**/libs/testing/**'],
      message: 'libs/testing is test tooling: no app imports it.',
    }),
  },
  // Scripts and benches use an app only through its public door (apps/<app>/index.ts), never
  // its src/, so that an app's inside can move without breaking them.
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: importsRefused({
      group: ['**/apps/*/src', '**/apps/*/src/**'],
      message: "Import the app's public door, apps/<app>/index.ts.",
    }),
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
);
