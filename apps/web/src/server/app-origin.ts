// The console's own origin, the only place redirects (sign-in's callbackUrl, Stripe's return URL)
// may send a browser: AUTH_URL's origin when it is set (production behind a proxy should set it),
// else the origin the browser addressed (Host, and the scheme Next.js or the proxy reports). A
// browser cannot be made to send another site's Host to us, so the fallback cannot be steered by
// a link either.
import { originOf } from "@frontdesk/api";
import { env } from "@/env";

export function appOrigin(headers: Headers): string {
  const configured = originOf(env.AUTH_URL);
  if (configured) return configured;
  const scheme =
    headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return originOf(`${scheme}://${headers.get("host") ?? "localhost"}`) ?? "http://localhost";
}
