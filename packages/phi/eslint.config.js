import config from "@frontdesk/eslint-config";

// Every detector must stay linear in its input: a crafted message must not stall the server. The
// shared config already has eslint-plugin-regexp's recommended set and the ReDoS rules as errors;
// here `no-super-linear-move` also checks sticky and partial patterns, because the detectors run
// their patterns with a moving `lastIndex` over the whole message.
export default [
  ...config,
  {
    rules: {
      "regexp/no-super-linear-move": ["error", { ignoreSticky: false, ignorePartial: false }],
    },
  },
];
