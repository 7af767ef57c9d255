import type { PolicyMap } from "../policy";

export const metricsPolicy = {
  "metrics.record": { role: "member", scope: "metrics:write" },
  "metrics.recordBatch": { role: "member", scope: "metrics:write" },
  "metrics.query": { role: "viewer", scope: "metrics:read" },
  "metrics.names": { role: "viewer", scope: "metrics:read" },
} satisfies PolicyMap;
