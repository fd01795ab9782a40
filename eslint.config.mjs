import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.local/**', 'bench-results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'i18n-iso-countries', message: "Import 'i18n-iso-countries/index.js' and register only the locales you need (the default entry bundles 80 languages)." },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read time through the injected Clock.' },
        {
          selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z']",
          message: "Write `import * as z from 'zod'`: the named import keeps all of zod in every Lambda bundle.",
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'infra/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // tests walk untyped JSON (ASL, templates, wire payloads)
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
