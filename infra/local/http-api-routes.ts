import type { HttpRouteSpec } from '../spec';

export interface MatchedRoute {
  route: HttpRouteSpec;
  routeKey: string;
  /** URL-decoded values of the `{param}` placeholders; empty when the route has none. */
  pathParameters: Record<string, string>;
}

/**
 * Finds the route for `METHOD rawPath`. Like API Gateway, the most specific route wins: a literal segment beats
 * a `{param}`, which beats a greedy `{param+}`. A path that matches only under another method is a 404 too.
 */
export function matchRoute(
  routes: readonly HttpRouteSpec[],
  method: string,
  rawPath: string,
): MatchedRoute | undefined {
  const segments = rawPath.split('/').slice(1);
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
      params[greedy[1] as string] = decode(rest.join('/'));
      score.push(0);
      return { params, score };
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(part);
    if (param) {
      if (segment === '') return undefined;
      params[param[1] as string] = decode(segment);
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

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
