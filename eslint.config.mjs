// Lint: typescript-eslint's recommended type-checked rules over the whole tree, plus promises that must
// be awaited or handled. Import boundaries between apps and libs are checked by dependency-cruiser
// (.dependency-cruiser.cjs), which resolves the @caseledger/* aliases to real folders.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      'test/import-rules/fixture/**',
      // The quickstart's types are generated from a running API, so it is type-checked (and run) by
      // test/api/quickstart.e2e-spec.ts rather than linted against types a fresh clone does not have.
      'examples/**',
      'coverage/**',
      'node_modules/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Names starting with _ are deliberately unused (a parameter an interface requires, a field left
      // out of a rest copy).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Port implementations are async without awaiting (the memory store, locks, reactions): an async
      // function turns a synchronous throw into a rejected promise, which is what callers of a port handle.
      '@typescript-eslint/require-await': 'off',
      // Response classes' static factories (`CaseSummaryResponse.of`) are passed to map() unbound: they
      // use no `this`.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
    },
  },
  {
    // Tests and benchmarks read HTTP answers as untyped JSON (supertest's `body` is `any`); asserting on
    // them is the point, so the unsafe-any family is off there and stays on for production code.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.contract-spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
