import config from "@frontdesk/eslint-config";
import regexp from "eslint-plugin-regexp";

// Every detector must stay linear in its input: a crafted message must not stall the server.
export default [
  ...config,
  {
    plugins: { regexp },
    rules: {
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": ["error", { ignoreSticky: false, ignorePartial: false }],
    },
  },
];
