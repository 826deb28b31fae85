import * as v from 'valibot';

/** Where accounts live: a Cognito user pool and the page's app client, for any Cognito client. */
const AuthConfigSchema = v.object({
  region: v.pipe(v.string(), v.minLength(1), v.description("The user pool's AWS region.")),
  userPoolId: v.pipe(v.string(), v.minLength(1), v.description('The user pool (e.g. us-east-1_AbC123).')),
  userPoolClientId: v.pipe(v.string(), v.minLength(1), v.description("The page's app client (no secret).")),
  endpoint: v.optional(
    v.pipe(
      v.string(),
      v.url(),
      v.description('Locally only: the Cognito emulator; on AWS the regional endpoint.'),
    ),
  ),
});

/** `/config.json`, next to the page: where the two APIs are (CDK writes it at deploy, the local cloud serves it). */
export const PageConfigSchema = v.pipe(
  v.object({
    httpApiUrl: v.pipe(v.string(), v.url(), v.description('The HTTP API, without a trailing path.')),
    webSocketUrl: v.pipe(
      v.string(),
      v.url(),
      v.description('The WebSocket API, stage included (wss://…/live).'),
    ),
    auth: v.optional(AuthConfigSchema),
  }),
  v.examples([
    {
      httpApiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
      webSocketUrl: 'wss://def456.execute-api.us-east-1.amazonaws.com/live',
    },
  ]),
);
export type PageConfig = v.InferOutput<typeof PageConfigSchema>;
