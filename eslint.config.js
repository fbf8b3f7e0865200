// One lint configuration for the whole workspace. Architecture rules live here, where lint
// enforces them: no import cycles anywhere; the BFF's capability folders import only the layers
// below them (BFF_LAYERS) and never the stand-ins or the fixtures; web never imports the BFF
// (test data comes from @ers/fixtures); shared imports neither side nor the fixtures; web
// features never import each other, and web's lib/ and components/ import no feature.
//
// ESLint applies the last matching `no-restricted-imports`, not all of them: a block that sets it
// for fewer files repeats the patterns of the wider block it narrows.
import { readdirSync, existsSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

/** What each BFF capability folder may import (besides shared/, logging and packages). */
const BFF_LAYERS = {
  logging: [],
  config: [],
  http: ['logging'],
  // Spans and metrics through @opentelemetry/api; the SDK is wired in only by server.ts.
  observability: ['http', 'logging'],
  audit: ['logging'],
  session: ['http', 'logging'],
  apim: ['session', 'config', 'http', 'observability', 'logging'],
  auth: ['session', 'apim', 'config', 'http', 'observability', 'logging'],
  ers: ['session', 'apim', 'audit', 'http', 'observability', 'logging'],
  // PDS's client rides on e-RS's transport; the gateway knows PDS only as a type (PatientSource).
  pds: ['ers', 'logging'],
};

const NO_STANDINS = {
  group: ['**/standins/**', '**/local/**'],
  message: 'Production code never imports the local stand-ins.',
};
const NO_FIXTURES = {
  group: ['@ers/fixtures', '@ers/fixtures/**', '**/fixtures/**'],
  message: 'Production code never imports test fixtures.',
};

/** web/ can be copied without bff/: it imports neither the BFF nor its stand-ins. */
const WEB_NOT_INTO_BFF = {
  group: ['**/bff/**', '@ers/bff', '@ers/bff/**'],
  message: 'web/ never imports from bff/: test data both use lives in @ers/fixtures.',
};

const featuresDir = new URL('./web/src/features/', import.meta.url);
const features = existsSync(featuresDir)
  ? readdirSync(featuresDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : [];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'reports/**',
      '.local/**',
      '.cache/**',
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
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Follow TypeScript files too (import-x reads only .js by default), so cycles through
      // them are found.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: '*/tsconfig.json',
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The root scripts are plain JavaScript, which no type checker reads: a name one of them
    // imports from another that is not exported there fails only when someone runs it.
    files: ['scripts/**/*.mjs'],
    plugins: { 'import-x': importX },
    rules: { 'import-x/named': 'error', 'import-x/no-unresolved': 'error' },
  },
  {
    files: ['bff/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_STANDINS, NO_FIXTURES] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in src/config only.' },
      ],
    },
  },
  // Each capability folder imports only the folders listed for it (tests beside the code may
  // reach further). bff/src/app.ts, server.ts and main.ts compose them all.
  ...Object.entries(BFF_LAYERS).map(([folder, allowed]) => ({
    files: [`bff/src/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_STANDINS,
            NO_FIXTURES,
            {
              group: Object.keys(BFF_LAYERS)
                .filter((other) => other !== folder && !allowed.includes(other))
                .flatMap((other) => [
                  `../${other}/**`,
                  `../../${other}/**`,
                  `../../../${other}/**`,
                ]),
              message: `bff/src/${folder} may import only: ${allowed.join(', ') || 'nothing of the BFF'}. Compose capabilities in src/app.ts or src/server.ts.`,
            },
          ],
        },
      ],
    },
  })),
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
      'no-restricted-imports': ['error', { patterns: [WEB_NOT_INTO_BFF] }],
    },
  },
  ...features.map((feature) => ({
    files: [`web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            WEB_NOT_INTO_BFF,
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
  {
    files: ['web/src/lib/**/*.{ts,tsx}', 'web/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            WEB_NOT_INTO_BFF,
            {
              group: ['**/features/**', '**/app/**'],
              message:
                'lib/ and components/ are shared by every feature: they import no feature and not the app.',
            },
          ],
        },
      ],
    },
  },
);
