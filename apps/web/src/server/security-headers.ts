// The browser-facing security headers of every response, in one place. Two appliers use it:
// next.config.ts (`headers()`: the fixed headers, on every path — pages, API routes, static files)
// and src/proxy.ts (the page CSP, which needs a fresh nonce per response; Next.js reads the nonce
// from the request's CSP header and puts it on the scripts it renders).
// Kept free of imports so next.config.ts can load it.

/** The fixed headers of every response. */
export const BASE_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  // No page of the console may be framed (clickjacking of Rotate/Revoke): old browsers read this,
  // new ones the CSP's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Tenant ids sit in console URLs: other origins get the origin only, plain HTTP gets nothing.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Two years, the preload list's minimum; sent only on responses that went out over HTTPS. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * `next start` speaks plain HTTP; HTTPS ends at a proxy in front that says so in
 * X-Forwarded-Proto (left-most value: the client's hop). Browsers ignore HSTS received over HTTP,
 * so a forged value cannot pin anyone to HTTPS who is not already on it.
 */
export const HTTPS_FORWARDED_PROTO = "https(?:\\s*,.*)?";

/** API responses carry tenant data (or credentials): never stored by a browser or a shared cache. */
export const API_HEADERS: readonly { key: string; value: string }[] = [
  { key: "Cache-Control", value: "no-store" },
  // JSON is never a document, but if one is opened as such it may run, load and frame nothing.
  {
    key: "Content-Security-Policy",
    value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  },
];

/**
 * The one stylesheet a library injects without a nonce: sonner (the toasts) appends its CSS as a
 * <style> element when it loads. Allowed by its hash; security-headers.unit.test.ts recomputes it
 * from the installed sonner, so an upgrade that changes the CSS fails there, not in browsers.
 */
export const SONNER_STYLE_HASH = "'sha256-StEaX+se6YS7pqjzrzMIA0KaX9zF/8zAhvQXZAe5epY='";
/** sonner appends its <style> empty, then fills it: the empty sheet is checked too (and harmless). */
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

export interface PagePolicyOptions {
  /** `next dev` needs eval (React's dev tooling) and its HMR websocket. */
  development: boolean;
  /** Ask the browser to fetch every subresource over HTTPS (only when the page itself came over HTTPS). */
  https: boolean;
  /** Origins a sign-in form may post to after a redirect (OAuth providers that are switched on). */
  formActionOrigins?: readonly string[];
}

function directives(entries: [string, ...string[]][]): string {
  return entries.map(([name, ...values]) => [name, ...values].join(" ")).join("; ");
}

/**
 * The page policy. Scripts run only with this response's nonce (Next.js sets it on its own
 * scripts) or when loaded by such a script ('strict-dynamic'): no inline script an attacker
 * injects can run. Stylesheets and <style> elements likewise need 'self' or the nonce; only
 * style *attributes* are allowed inline, because Radix (popper positioning, presence) and visx
 * (chart layout) render them on the server — an attribute cannot load anything or run code.
 */
export function pageContentSecurityPolicy(nonce: string, options: PagePolicyOptions): string {
  const list: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(options.development ? ["'unsafe-eval'"] : []),
    ],
    ["style-src", "'self'", `'nonce-${nonce}'`, SONNER_STYLE_HASH, EMPTY_STYLE_HASH],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...(options.development ? ["ws:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'", ...(options.formActionOrigins ?? [])],
    ["frame-ancestors", "'none'"],
  ];
  if (options.https) list.push(["upgrade-insecure-requests"]);
  return directives(list);
}

/**
 * The policy of a page response rendered for a request with a body (a form posted before the
 * page hydrated, or with scripts off): the proxy does not run for those (Next.js would buffer the
 * whole body for it before the route ran), so there is no nonce and no script may run at all.
 */
export const BODY_REQUEST_PAGE_POLICY = directives([
  ["default-src", "'self'"],
  ["script-src", "'none'"],
  ["style-src", "'self'"],
  ["img-src", "'self'", "data:", "blob:"],
  ["object-src", "'none'"],
  ["base-uri", "'none'"],
  ["form-action", "'self'"],
  ["frame-ancestors", "'none'"],
]);

/** The nonce of a page policy made by pageContentSecurityPolicy, or null when it has none. */
export function nonceOf(policy: string | null): string | null {
  return /'nonce-([\w+/=]+)'/.exec(policy ?? "")?.[1] ?? null;
}

/** 128 random bits, base64: a CSP nonce (a fresh one per response). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Whether the request reached the proxy in front over HTTPS (see HTTPS_FORWARDED_PROTO). */
export function forwardedOverHttps(headers: Headers): boolean {
  const first = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}
