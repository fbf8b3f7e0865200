// One lint configuration for the whole workspace. Architecture rules live here, where lint
// enforces them: production BFF code never imports the stand-ins or the fixtures, web never
// imports the BFF (test data comes from @ers/fixtures), shared imports neither side nor the
// fixtures, and web features never import each other.
import { readdirSync, existsSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const featuresDir = new URL('./web/src/features/', import.meta.url);
const features = existsSync(featuresDir)
  ? readdirSync(featuresDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : [];

/** web/ can be copied without bff/: it imports neither the BFF nor its stand-ins. */
const webNotIntoBff = {
  group: ['**/bff/**', '@ers/bff', '@ers/bff/**'],
  message: 'web/ never imports from bff/: test data both use lives in @ers/fixtures.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'reports/**',
      '.local/**',
      'web/public/mockServiceWorker.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['bff/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/standins/**', '**/local/**'],
              message: 'Production code never imports the local stand-ins.',
            },
            {
              group: ['@ers/fixtures', '@ers/fixtures/**', '**/fixtures/**'],
              message: 'Production code never imports test fixtures.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in src/config only.' },
      ],
    },
  },
  {
    files: ['bff/src/config/**/*.ts', 'bff/src/main.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/bff/**', '**/web/**', '**/fixtures/**', '@ers/*', '@ers/*/**'],
              message: 'shared is the contract only: it imports neither side nor the fixtures.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['fixtures/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/bff/**',
                '**/web/**',
                '@ers/bff',
                '@ers/bff/**',
                '@ers/web',
                '@ers/web/**',
              ],
              message: 'Fixtures are data both sides use: they import neither side.',
            },
          ],
        },
      ],
    },
  },
  {
    // The SPA's demo mode loads these in the browser.
    files: ['fixtures/src/index.ts', 'fixtures/src/worklists.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', './files', './attachments', './spec'],
              message:
                'Browser-safe module: no Node built-ins (Node-only data is in files, attachments, spec).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'require', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'Browser-safe module: no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [webNotIntoBff] }],
    },
  },
  ...features.map((feature) => ({
    files: [`web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Replaces the web/** rule's options for these files, so it repeats webNotIntoBff.
          patterns: [
            webNotIntoBff,
            ...features
              .filter((other) => other !== feature)
              .map((other) => ({
                group: [`**/features/${other}/**`, `../../${other}/**`, `../${other}/**`],
                message: 'Features do not import each other: compose them in src/app.',
              })),
          ],
        },
      ],
    },
  })),
);
