/**
 * AWS list prices used to turn request counts into dollars: us-east-1, on-demand, as published on the
 * services' pricing pages. Checked against those pages as of 2025; prices change, so re-check them
 * (aws.amazon.com/<service>/pricing) before quoting the figures. No free tier is applied.
 */
export const pricesAsOf = '2025';
export const region = 'us-east-1';

export const prices = {
  lambda: {
    /** Per request. */
    perRequest: 0.2 / 1e6,
    /** Per GB-second of duration, arm64 (Graviton), first pricing tier. */
    perGbSecondArm64: 0.0000133334,
  },
  apiGatewayWebSocket: {
    /** Per message (inbound or outbound, metered in 32 KB units; @connections posts count as messages). */
    perMessage: 1.0 / 1e6,
    /** Per connection-minute. */
    perConnectionMinute: 0.25 / 1e6,
  },
  apiGatewayHttp: {
    /** Per request (first 300 M a month, metered in 512 KB units). */
    perRequest: 1.0 / 1e6,
  },
  dynamoDbOnDemand: {
    /** Per write request unit (1 KB of item, standard table class). */
    perWriteRequestUnit: 0.625 / 1e6,
    /** Per read request unit (4 KB strongly consistent, or 2 × 4 KB eventually consistent). */
    perReadRequestUnit: 0.125 / 1e6,
  },
  eventBridge: {
    /** Per custom event published (64 KB chunks). */
    perCustomEvent: 1.0 / 1e6,
  },
} as const;
