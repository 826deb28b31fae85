/**
 * The bot's display name. infra/spec.ts exports the same value as `botName`; core must not import infra, so the
 * two are kept equal by a test on the lead's side.
 */
export const BOT_NAME = 'Pyro';
