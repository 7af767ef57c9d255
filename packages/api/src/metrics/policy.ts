import type { PolicyMap } from "../policy";

export const metricsPolicy = {
  "metrics.record": { role: "member", scope: "metrics:write" },
  "metrics.recordBatch": { role: "member", scope: "metrics:write" },
  // Aggregates over points recorded seconds to months ago: a replica's lag does not show.
  "metrics.query": { role: "viewer", scope: "metrics:read", replica: true },
  "metrics.names": { role: "viewer", scope: "metrics:read", replica: true },
} satisfies PolicyMap;
