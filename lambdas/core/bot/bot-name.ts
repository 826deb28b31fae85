/** The bot's display name, as the contract defines it (lambdas/contract/limits.ts). */
export { BOT_NAME } from '../../contract/limits';
