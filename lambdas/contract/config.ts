import * as v from 'valibot';

/** `/config.json`, next to the page: where the two APIs are (CDK writes it at deploy, the local cloud serves it). */
export const PageConfigSchema = v.pipe(
  v.object({
    httpApiUrl: v.pipe(v.string(), v.url(), v.description('The HTTP API, without a trailing path.')),
    webSocketUrl: v.pipe(
      v.string(),
      v.url(),
      v.description('The WebSocket API, stage included (wss://…/live).'),
    ),
  }),
  v.examples([
    {
      httpApiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
      webSocketUrl: 'wss://def456.execute-api.us-east-1.amazonaws.com/live',
    },
  ]),
);
export type PageConfig = v.InferOutput<typeof PageConfigSchema>;
