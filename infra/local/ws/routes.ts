/**
 * Route selection on `$request.body.action`, as the spec's WebSocket API declares it: a JSON object whose
 * string `action` names a message route picks that route; anything else (non-JSON, no action, an unknown
 * one) goes to `$default`. `$connect` and `$disconnect` can never be selected by a message.
 */
export function selectRoute(body: string, routes: ReadonlyMap<string, string>): string | undefined {
  const action = actionOf(body);
  if (action !== undefined && action !== '$connect' && action !== '$disconnect' && routes.has(action)) {
    return action;
  }
  return routes.has('$default') ? '$default' : undefined;
}

function actionOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const { action } = parsed as { action?: unknown };
    return typeof action === 'string' ? action : undefined;
  } catch {
    return undefined;
  }
}
