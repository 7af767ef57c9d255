import config, { regexpRulesAsWarnings } from "@frontdesk/eslint-config";

// Every detector must stay linear in its input: a crafted message must not stall the server.
// Temporary: the rest of eslint-plugin-regexp's recommended set (style and dead-pattern findings)
// is reported as warnings here until the detector's patterns are tidied; then drop that spread.
export default [
  ...config,
  {
    rules: {
      ...regexpRulesAsWarnings,
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": ["error", { ignoreSticky: false, ignorePartial: false }],
    },
  },
];
