// Typed ESLint shared by every package: `no-floating-promises` matters most in the worker,
// `no-non-null-assertion` keeps STYLE.md's "no `!`" habit honest, and eslint-plugin-regexp's
// recommended set finds regular-expression mistakes — above all patterns that backtrack
// super-linearly (ReDoS): a request field matched by such a pattern can pin a core.
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

/** The ReDoS rules, as errors everywhere (the recommended set has only the first of them). */
export const redosRules = {
  "regexp/no-super-linear-backtracking": "error",
  "regexp/no-super-linear-move": "error",
};

/**
 * eslint-plugin-regexp's recommended set and the ReDoS rules without type information: for files
 * that belong to no TypeScript project (benchmarks, tooling), linted from the workspace root.
 */
export const regexpOnly = tseslint.config(
  { ignores: ["**/dist/**", "**/.next/**", "**/node_modules/**", "**/.data/**"] },
  { files: ["**/*.{js,mjs,cjs,ts,mts,cts,tsx}"], languageOptions: { parser: tseslint.parser } },
  regexp.configs.recommended,
  { rules: redosRules },
);

export default tseslint.config(
  { ignores: ["**/dist/**", "**/.next/**", "**/node_modules/**", "**/next-env.d.ts"] },
  ...tseslint.configs.recommendedTypeChecked,
  regexp.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/require-await": "off",
      ...redosRules,
    },
  },
  // Config files are in no tsconfig: no typed rules there, but their patterns are still checked.
  { files: ["**/*.config.*"], ...tseslint.configs.disableTypeChecked },
  // Plain JavaScript (a fixture written as an integrator without TypeScript would): no type information.
  { files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
