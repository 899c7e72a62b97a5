// ESLint (flat config) for the whole repository: `npm run lint:eslint`, part of `npm run lint`.
// TypeScript is linted with type information (typescript-eslint's recommended-type-checked); the
// few rules turned off or tuned below each say why. Formatting is Prettier's job (prettier.config.mjs), so no stylistic rules here.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', 'bench/.build/', 'coverage/', 'test-results/']),

  {
    files: ['**/*.{ts,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The root tsconfig covers src, migrations, test, the packages' and examples' sources (specs
        // included, which the packages' own tsconfigs leave out); bench has its own.
        project: ['./tsconfig.json', './bench/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Fakes, test doubles and guards implement Promise-returning interfaces with async methods
      // that need no await: a throw then still becomes a rejection, as the interface promises.
      // Rewriting them around Promise.resolve() would add noise and change that.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a binding kept on purpose: a parameter a signature needs, or a key dropped
      // from an object by rest destructuring.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      // Tests read HTTP bodies, broker messages and database rows as untyped JSON and check them
      // with expect(): the assertions are the type check there, and typing every body first would
      // add casts, not safety. Production code keeps these rules.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    // Compiled in a scratch project against the packed packages (npm run test:outside), so their
    // types exist only there: linted without type information. So are the .d.mts typings of scripts.
    files: ['test/outside/fixtures/**/*.ts', 'scripts/**/*.d.mts'],
    extends: [tseslint.configs.disableTypeChecked],
  },

  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // The dashboard's browser modules (served as they are, no build step).
    files: ['src/ui/static/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'module' },
  },
);
