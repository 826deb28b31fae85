/** The bot's display name: one definition for all of core (infra/spec.ts `botName` must equal it; a test checks). */
export { BOT_NAME } from '../types';
