// The webhook sender's settings, read from an app's environment by the app (the worker, or the web
// process in embedded mode) and passed in.
import type { SendPolicy } from "./sender";

/**
 * Production (NODE_ENV=production) sends to https:// URLs only; other modes allow http:// too.
 * Loopback targets are refused unless WEBHOOKS_ALLOW_LOOPBACK=true (development and tests).
 */
export function webhookPolicyFromEnv(env: NodeJS.ProcessEnv): SendPolicy {
  return {
    allowLoopback: env.WEBHOOKS_ALLOW_LOOPBACK?.trim().toLowerCase() === "true",
    allowHttp: env.NODE_ENV !== "production",
  };
}
