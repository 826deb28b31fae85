/**
 * How an API Gateway HTTP API reads the request target: the decoded path it routes on and passes as `rawPath`, the
 * verbatim `rawQueryString`, and the decoded `queryStringParameters`.
 *
 * Evidence: live payload-format-2.0 events captured in us-west-2 (hotsock/voker `vokerhttp/testdata/
 * apigwv2-request.json`, the same request also captured through a Function URL for comparison):
 * `POST /capture/space%20value?repeat=one&repeat=two&redirect=https%3A%2F%2Fexample.com%2Fa%2Fb&literalPlus=a+b&
 * encodedPlus=a%2Bb&empty=` reached the function as `rawPath` and `requestContext.http.path` = `/capture/space value`,
 * `rawQueryString` unchanged, and `queryStringParameters` = `{repeat: "one,two", redirect: "https://example.com/a/b",
 * literalPlus: "a b", encodedPlus: "a+b", empty: ""}`.
 */

export interface RequestTarget {
  /** The path, percent-decoded: what HTTP APIs route on and put in `rawPath` and `requestContext.http.path`. */
  path: string;
  /** Everything after the first `?`, exactly as the client sent it. */
  rawQueryString: string;
}

export function parseTarget(url: string): RequestTarget {
  const q = url.indexOf('?');
  return {
    path: decodePath(q === -1 ? url : url.slice(0, q)),
    rawQueryString: q === -1 ? '' : url.slice(q + 1),
  };
}

/**
 * Percent-decodes a path. Unlike REST APIs and Function URLs, HTTP APIs decode the path before routing and hand the
 * decoded one to the function, so an encoded slash (`%2F`) becomes a real one and splits the segment it was in. A
 * `+` in a path is a plus, not a space (that rule belongs to query strings and forms).
 */
export function decodePath(rawPath: string): string {
  return decodeLeniently(rawPath);
}

/**
 * `queryStringParameters`: names and values decoded as form data (`+` is a space, `%2B` a plus), repeated names
 * joined with commas in order, a name without `=` an empty string; `undefined` (the field left out) for no query.
 */
export function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const out: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeFormComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeFormComponent(pair.slice(eq + 1));
    out[name] = name in out ? `${out[name]},${value}` : value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function decodeFormComponent(text: string): string {
  return decodeLeniently(text.replaceAll('+', ' '));
}

/** Decodes every valid escape; one that is not valid UTF-8 (`%E0%A4%A`, `%zz`) is left as it was, not refused. */
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
