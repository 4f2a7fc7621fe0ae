// ESLint flat config. Besides the recommended rules it enforces the layering of the design card:
// bottender and the Lark SDK only in bot/, ioredis only in store/, and no process.env outside the config module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformOnlyInBot = {
  paths: [
    { name: 'bottender', message: 'bottender belongs in bot/ only (channels and wiring).' },
    { name: '@larksuiteoapi/node-sdk', message: 'The Lark SDK belongs in bot/ only.' },
  ],
  patterns: [{ group: ['bottender/*'], message: 'bottender belongs in bot/ only.' }],
};
const redisOnlyInStore = {
  paths: [{ name: 'ioredis', message: 'ioredis belongs in store/ only; use a store interface.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'coverage/**', 'stubs/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through loadConfig() in bot/config.ts.' }],
    },
  },
  {
    files: ['handlers/**/*.ts', 'dialogs/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...platformOnlyInBot.paths, ...redisOnlyInStore.paths], patterns: platformOnlyInBot.patterns }],
    },
  },
  {
    files: ['store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', platformOnlyInBot] },
  },
  {
    files: ['bot/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', redisOnlyInStore] },
  },
  {
    files: ['bot/config.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // CLI entry points talk to a terminal; tests and benches may print.
    files: ['bot/cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
