import type { HttpRouteSpec } from '../spec';

export interface MatchedRoute {
  route: HttpRouteSpec;
  routeKey: string;
  /** Values of the `{param}` placeholders, taken from the decoded path; empty when the route has none. */
  pathParameters: Record<string, string>;
}

/**
 * Finds the route for `METHOD path`. Like API Gateway, the most specific route wins: a literal segment beats
 * a `{param}`, which beats a greedy `{param+}`. A path that matches only under another method is a 404 too.
 *
 * `path` is the percent-decoded path (http-api-url.ts): HTTP APIs decode before routing, so `/rooms/caf%C3%A9/…`
 * matches `{roomId}` = `café`, and `/rooms/a%2Fb/messages` has four segments and matches no `{roomId}` route.
 * Parameters are not decoded a second time (`%2525` is `%25`, not `%`).
 */
export function matchRoute(
  routes: readonly HttpRouteSpec[],
  method: string,
  path: string,
): MatchedRoute | undefined {
  const segments = path.split('/').slice(1);
  let best: { match: MatchedRoute; score: number[] } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const result = matchPath(route.path, segments);
    if (!result) continue;
    if (!best || compareScores(result.score, best.score) > 0) {
      best = {
        match: { route, routeKey: `${route.method} ${route.path}`, pathParameters: result.params },
        score: result.score,
      };
    }
  }
  return best?.match;
}

function matchPath(
  template: string,
  segments: string[],
): { params: Record<string, string>; score: number[] } | undefined {
  const parts = template.split('/').slice(1);
  const params: Record<string, string> = {};
  const score: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy) {
      const rest = segments.slice(i);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      params[greedy[1] as string] = rest.join('/');
      score.push(0);
      return { params, score };
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(part);
    if (param) {
      if (segment === '') return undefined;
      params[param[1] as string] = segment;
      score.push(1);
    } else if (segment === part) {
      score.push(2);
    } else {
      return undefined;
    }
  }
  return segments.length === parts.length ? { params, score } : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
