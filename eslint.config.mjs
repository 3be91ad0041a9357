import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'tmp/**', 'coverage/**', 'test-artifacts/**', '.nx/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['**/*.ts', '**/*.vue'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // TypeScript already checks names; the core rule does not know browser or Node globals.
      'no-undef': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // The fake upstream server is an app, but tests of any library may start it.
          allow: ['@kipux/fake-upstreams'],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared', 'scope:tools'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core', 'type:contracts'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:core', 'type:contracts', 'type:data-access'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:core', 'type:contracts', 'type:data-access', 'type:feature', 'type:ui', 'type:testing', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    // Test data builders stay out of the SPA and API builds: only tests and testing helpers import them.
    files: ['**/*.ts', '**/*.vue'],
    ignores: ['**/*.spec.ts', '**/*-spec.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@kipux/contracts/testing', message: 'Test factories are for specs only.' }] }] },
  },
  {
    // Tests read raw recorded JSON; typing every fixture shape would add noise, not safety.
    files: ['**/*.spec.ts', '**/*-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Async code must not drop promises on the floor (immich lint); needs type information.
    files: ['apps/api/src/**/*.ts', 'libs/api/**/*.ts', 'apps/fake-upstreams/src/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.check.json'], tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
);
