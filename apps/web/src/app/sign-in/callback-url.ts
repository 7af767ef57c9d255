// Where to go after signing in (or up): a path on the console's own origin, else the console's root.
// The parsing (WHATWG URL against the origin) is the API package's, shared with billing's return URLs.
import { safeRedirectPath } from "@frontdesk/api";
import { headers } from "next/headers";
import { appOrigin } from "@/server/app-origin";

export async function safeCallbackUrl(value: unknown): Promise<string> {
  return safeRedirectPath(value, appOrigin(await headers()));
}
