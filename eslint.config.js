// One lint configuration for the whole workspace. Architecture rules live here, where lint
// enforces them: no import cycles anywhere; the BFF's capability folders import only the layers
// below them (BFF_LAYERS) and never the stand-ins; web features never import each other, and
// web's lib/ and components/ import no feature.
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
  audit: ['logging'],
  session: ['http', 'logging'],
  apim: ['session', 'config', 'http', 'logging'],
  auth: ['session', 'apim', 'config', 'http', 'logging'],
  ers: ['session', 'apim', 'audit', 'http', 'logging'],
};

const NO_STANDINS = {
  group: ['**/standins/**', '**/local/**'],
  message: 'Production code never imports the local stand-ins.',
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
    files: ['bff/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_STANDINS] }],
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
    files: ['web/src/lib/**/*.{ts,tsx}', 'web/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
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
  {
    files: ['bff/src/config/**/*.ts', 'bff/src/main.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  ...features.map((feature) => ({
    files: [`web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: features
            .filter((other) => other !== feature)
            .map((other) => ({
              group: [`**/features/${other}/**`, `../../${other}/**`, `../${other}/**`],
              message: 'Features do not import each other: compose them in src/app.',
            })),
        },
      ],
    },
  })),
);
