/**
 * The page's security headers, one definition for both sites: the local site (infra/local/site.ts) sends
 * `siteHeaders(...)` as they are, and CloudFront's response headers policy (infra/aws/constructs/site.ts) is
 * built from the same values, so the page runs under the same policy in both.
 */

/**
 * The Content Security Policy. The page is one script, one style sheet and a data: favicon, all from its own
 * origin; it talks to the two APIs and fetches `/config.json` ('self'). Nothing inline runs, nothing frames it
 * (`frame-ancestors` has no `<meta>` form: it must be a header), no plug-in loads, and a `<base>` or a form
 * cannot send anything elsewhere. Trusted Types: the page never writes HTML into the DOM, so any sink that
 * would (innerHTML, a script's src) is refused.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types',
  ].join('; ');
}

/** The headers besides the CSP, as CloudFront's policy spells each one's value. */
export const securityHeaderValues = {
  contentTypeOptions: 'nosniff',
  // `frame-ancestors 'none'` for browsers that predate it.
  frameOptions: 'DENY',
  // The page's URL (a room in its hash) is nobody else's business, not even the APIs'.
  referrerPolicy: 'no-referrer',
  /** HSTS, on CloudFront only: browsers ignore it over plain HTTP, which is all the local site speaks. */
  strictTransportSecurity: { maxAgeSeconds: 2 * 365 * 24 * 60 * 60, includeSubdomains: false },
} as const;

/** `https://host[:port]` (or `wss://…`) of an endpoint URL: a CSP source for everything under that host. */
function originOf(url: string): string {
  return new URL(url).origin;
}

/** The headers the local site sends on every response: the CSP allows connections to exactly its two APIs. */
export function siteHeaders(config: {
  httpApiUrl: string;
  webSocketUrl: string;
  auth?: { endpoint?: string };
}): Record<string, string> {
  // Locally the page calls the Cognito emulator itself (on AWS, Cognito's regional endpoint: see the CDK site).
  const cognito = config.auth?.endpoint ? [originOf(config.auth.endpoint)] : [];
  return {
    'content-security-policy': contentSecurityPolicy([
      originOf(config.httpApiUrl),
      originOf(config.webSocketUrl),
      ...cognito,
    ]),
    'x-content-type-options': securityHeaderValues.contentTypeOptions,
    'x-frame-options': securityHeaderValues.frameOptions,
    'referrer-policy': securityHeaderValues.referrerPolicy,
  };
}
