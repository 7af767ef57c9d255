import type { PolicyMap } from "../policy";

export const scoresPolicy = {
  "scores.configs.upsert": { role: "admin", scope: "scores:write" },
  "scores.configs.list": { role: "viewer", scope: "scores:read" },
  "scores.configs.archive": { role: "admin", scope: "scores:write" },
  "scores.record": { role: "member", scope: "scores:write" },
  "scores.scoreConversation": { role: "member", scope: "scores:write" },
  "scores.list": { role: "viewer", scope: "scores:read" },
  "scores.get": { role: "viewer", scope: "scores:read" },
  // The dashboard's distribution and trend; the list and a score itself stay on the primary (a score
  // just recorded or annotated must show).
  "scores.summary": { role: "viewer", scope: "scores:read", replica: true },
  "scores.update": { role: "member", scope: "scores:write" },
  "scores.delete": { role: "member", scope: "scores:write" },
} satisfies PolicyMap;
