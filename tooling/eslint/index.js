// Typed ESLint shared by every package: `no-floating-promises` matters most in the worker,
// `no-non-null-assertion` keeps docs/conventions.md's "no `!`" habit honest, and eslint-plugin-regexp's
// recommended set finds regular-expression mistakes — above all patterns that backtrack
// super-linearly (ReDoS): a request field matched by such a pattern can pin a core. Two conventions
// are checked here too (as create-t3-turbo does): configuration is read from process.env only in the
// files listed in ENV_FILES, and imports come in one order.
import path from "node:path";
import { fileURLToPath } from "node:url";
import importX from "eslint-plugin-import-x";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

/** The workspace root: ENV_FILES are paths from here, whichever package's config is linting. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The only files that may read process.env: each app's env.ts, the process entry points that hand
 * values to packages, the database package's createDbFromEnv (the workspace's agreed exception) and
 * the PHI hashing secret's fallback. Tests, test support and benchmarks configure themselves.
 */
export const ENV_FILES = [
  /^apps\/[^/]+\/src\/env\.ts$/,
  /^apps\/web\/server\.ts$/,
  /^apps\/web\/src\/instrumentation\.ts$/,
  // Next's proxy runs before the app's modules load: it reads NODE_ENV as Next inlines it.
  /^apps\/web\/src\/proxy\.ts$/,
  /^apps\/worker\/src\/main\.ts$/,
  /^packages\/db\/src\/client\.ts$/,
  /^packages\/db\/src\/migrate\.ts$/,
  /^packages\/api\/src\/phi\/config\.ts$/,
  /^packages\/testing\//,
  /\/test-fixtures\//,
  /\/fixtures\/[^/]+\.mjs$/,
  /\.test\.ts$/,
  /^apps\/web\/e2e\//,
  /^bench\//,
  /\.config\.[cm]?[jt]s$/,
];

/** Whether `file` (absolute, as ESLint passes it) may read process.env. */
export function mayReadEnv(file) {
  const fromRoot = path.relative(ROOT, file).split(path.sep).join("/");
  return ENV_FILES.some((pattern) => pattern.test(fromRoot));
}

const ENV_MESSAGE =
  "Read configuration in the app's env.ts (or another file in ENV_FILES) and pass it in as an argument.";

/** No process.env outside ENV_FILES: `process.env.X`, `process.env[x]`, `const { env } = process`. */
export const envRules = {
  "no-restricted-properties": [
    "error",
    { object: "process", property: "env", message: ENV_MESSAGE },
  ],
  "no-restricted-imports": [
    "error",
    { name: "process", importNames: ["env"], message: ENV_MESSAGE },
    { name: "node:process", importNames: ["env"], message: ENV_MESSAGE },
  ],
};

/**
 * Imports in groups — Node built-ins, packages, our workspace packages (`@frontdesk/*`, the web
 * app's `@/`), then relative paths — without reordering inside a group, so the rule states the
 * layout the code already has instead of churning every file.
 */
export const importOrderRules = {
  "import-x/order": [
    "error",
    {
      groups: ["builtin", "external", "internal", ["parent", "sibling", "index"]],
      pathGroups: [{ pattern: "@/**", group: "internal" }],
      pathGroupsExcludedImportTypes: ["builtin"],
      "newlines-between": "ignore",
      distinctGroup: false,
    },
  ],
  "import-x/first": "error",
  "import-x/no-duplicates": "error",
};

/** The ReDoS rules, as errors everywhere (the recommended set has only the first of them). */
export const redosRules = {
  "regexp/no-super-linear-backtracking": "error",
  "regexp/no-super-linear-move": "error",
};

/**
 * eslint-plugin-regexp's recommended set and the ReDoS rules without type information: for files
 * that belong to no TypeScript project (tooling, config files), linted from the workspace root.
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
    plugins: { "import-x": importX },
    rules: {
      ...envRules,
      ...importOrderRules,
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
  {
    files: [["**/*.{js,mjs,cjs,ts,mts,cts,tsx}", mayReadEnv]],
    rules: { "no-restricted-properties": "off", "no-restricted-imports": "off" },
  },
  // Config files are in no tsconfig: no typed rules there, but their patterns are still checked.
  { files: ["**/*.config.*"], ...tseslint.configs.disableTypeChecked },
  // Plain JavaScript (a fixture written as an integrator without TypeScript would): no type information.
  { files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
