import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'stream', 'util', 'url', 'module', 'process', 'buffer', 'events', 'readline', 'zlib']
  .flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'models/**', 'test-results/**', 'out/**', 'renderer/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error',
        { object: 'it', property: 'only', message: 'no exclusive tests' },
        { object: 'describe', property: 'only', message: 'no exclusive tests' },
        { object: 'test', property: 'only', message: 'no exclusive tests' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'main/cli/**/*.ts', 'main/bench/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', 'main/**/*.ts', 'preload/**/*.ts', 'tests/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  // Layering (DESIGN §2): the engine never imports electron; the renderer never imports Node; the contract is pure.
  {
    files: ['main/engine/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts', 'main/bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'the engine is plain Node: electron belongs to main/shell and preload' }], patterns: ['**/shell/*', '**/renderer/*'] }] },
  },
  {
    files: ['main/contract/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', ...nodeBuiltins], patterns: ['**/engine/*', '**/shell/*', '**/renderer/*'] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', ...nodeBuiltins], patterns: [{ group: ['**/main/engine/*', '**/main/engine', '**/main/shell/*', '**/main/server/*', '**/preload/*'], message: 'the renderer talks to the engine through the contract only' }] }] },
  },
);
