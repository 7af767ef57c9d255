// The workspace root's lint: the parts that have no package lint of their own (tooling, root
// config files) still get eslint-plugin-regexp's rules, ReDoS ones included.
// Every package lints itself with its own eslint.config.js (`turbo run lint`).
import { regexpOnly } from "@frontdesk/eslint-config";

export default regexpOnly;
