import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'stream', 'util', 'url', 'module', 'process', 'buffer', 'events', 'readline', 'zlib']
  .flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

// Pieces of the layering rules below; `restrict` joins them into one no-restricted-imports setting (patterns are
// objects: ESLint refuses a mix of strings and objects).
const restrict = (...parts) => ['error', { paths: parts.flatMap((p) => p.paths ?? []), patterns: parts.flatMap((p) => p.patterns ?? []) }];
const noElectron = {
  paths: [{ name: 'electron', message: 'the engine is plain Node: electron belongs to main/shell and preload' }],
  patterns: [{ group: ['**/shell/*', '**/renderer/*'], message: 'the engine never reaches into main/shell or the renderer' }],
};
const noNode = { paths: ['electron', ...nodeBuiltins] };
const ORT_OWNER = 'ONNX Runtime has one owner, main/engine/inference/backend.ts: go through main/engine/inference';
const ortNode = { patterns: [{ group: ['onnxruntime-node', 'onnxruntime-node/*'], message: ORT_OWNER }] };
const ortAny = { patterns: [{ group: ['onnxruntime*', 'onnxruntime*/*'], message: 'the samplers are pure maths: no ONNX Runtime' }] };
// require('onnxruntime-node') / import('onnxruntime-node'), which no-restricted-imports does not see.
const ortNodeDynamic = [
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^onnxruntime-node(\\/|$)/]", message: ORT_OWNER },
  { selector: 'ImportExpression[source.value=/^onnxruntime-node(\\/|$)/]', message: ORT_OWNER },
];
const inferenceViaIndex = {
  patterns: [{ regex: '(^|/)inference/.', message: 'other domains import main/engine/inference through its index.ts only: export what you need there' }],
};
const samplersSelfContained = { patterns: [{ regex: '^\\.\\./', message: 'the samplers are self-contained: nothing from outside samplers/' }] };
const contractOnly = (regex) => ({ patterns: [{ regex, message: 'the contract imports zod and its own files only' }] });

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
  // Layering (docs/DESIGN.md §2, docs/ARCHITECTURE.md). A file gets the no-restricted-imports options of the LAST block
  // that matches it (flat config replaces rule options, it does not merge them), so every block lists all the rules
  // for its files, assembled from the pieces above. tests/lint/layering.test.ts proves each never is an error.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    rules: {
      'no-restricted-imports': restrict(ortNode),
      'no-restricted-syntax': ['error', ...ortNodeDynamic],
    },
  },
  {
    files: ['main/engine/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts', 'main/bench/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noElectron, ortNode, inferenceViaIndex) },
  },
  {
    files: ['main/engine/inference/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noElectron, ortNode) },
  },
  {
    // The samplers are pure maths pinned to Python fixtures: no runtime, no I/O, nothing from the rest of inference.
    files: ['main/engine/inference/samplers/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noElectron, ortAny, noNode, samplersSelfContained) },
  },
  {
    // The one owner of ONNX Runtime.
    files: ['main/engine/inference/backend.ts'],
    rules: { 'no-restricted-imports': restrict(noElectron), 'no-restricted-syntax': 'off' },
  },
  {
    // The contract is pure: zod and its own files. `domains/*` may reach one level up (channel, errors), no further.
    files: ['main/contract/*.ts'],
    rules: { 'no-restricted-imports': restrict(noNode, contractOnly('^(?!zod$|\\./)')) },
  },
  {
    files: ['main/contract/domains/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noNode, contractOnly('^(?!zod$|\\./|\\.\\./(?!\\.\\./))')) },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    rules: { 'no-restricted-imports': restrict(noNode, ortNode, { patterns: [{ group: ['**/main/engine/*', '**/main/engine', '**/main/shell/*', '**/main/server/*', '**/preload/*'], message: 'the renderer talks to the engine through the contract only' }] }) },
  },
);
