// Next.js proxy (the former middleware): gives every page response a Content-Security-Policy
// with a fresh nonce. Next.js reads the nonce from the request's copy of the header while it
// renders and puts it on its own scripts; the browser enforces the response's copy. The fixed
// headers (frame, sniffing, referrer, HSTS, API no-store) come from next.config.ts.
import { NextResponse, type NextRequest } from "next/server";
import { oauthEnv } from "@/env";
import { forwardedOverHttps, newNonce, pageContentSecurityPolicy } from "@/server/security-headers";

// A sign-in form that redirects to an OAuth provider is a form submission to that origin.
const formActionOrigins = [
  ...(oauthEnv.github ? ["https://github.com"] : []),
  ...(oauthEnv.google ? ["https://accounts.google.com"] : []),
];

export function proxy(request: NextRequest): NextResponse {
  const policy = pageContentSecurityPolicy(newNonce(), {
    development: process.env.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:" || forwardedOverHttps(request.headers),
    formActionOrigins,
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only. API routes and requests with a body are left out on purpose: for a request
      // the proxy runs on, Next.js reads and buffers the whole body before the route sees it,
      // which would undo the API's authenticate-before-reading limits. (A page response to a body
      // request gets a no-script policy from next.config.ts instead.) Static files need no CSP.
      source: "/((?!api(?:/|$)|_next/static/|_next/image).*)",
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
        // Prefetches return React payloads, not documents.
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
