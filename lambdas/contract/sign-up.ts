/**
 * Why an account sign-up is refused by Chatty's PreSignUp trigger (lambdas/cognito/pre-sign-up.handler.ts).
 * Cognito turns the trigger's error into `UserLambdaValidationException` with the message
 * `PreSignUp failed with error <one of these>.`, on AWS and locally alike, so the page can show it as it is.
 */
import { BOT_NAME, limits } from './limits';

/**
 * A username: ASCII letters, digits, `_` and `-`. It is the name the account shows in every room, so it keeps to
 * the guest names' characters (fields.ts NAME_PATTERN) less the space, which Cognito refuses in a username anyway:
 * the skeleton (canonical-name.ts) folds ASCII look-alikes only, and a Cyrillic `а` would otherwise pass for `a`.
 */
export const USERNAME_PATTERN = /* @__PURE__ */ new RegExp(
  `^[A-Za-z0-9_-]{${limits.name.minLength},${limits.name.maxLength}}$`,
);

export const signUpRefusals = {
  /** Not a username by USERNAME_PATTERN. */
  invalid: `A username is ${limits.name.minLength}–${limits.name.maxLength} letters, digits, "_" or "-"`,
  /** The bot's name or one that looks like it (canonical-name.ts). */
  reserved: `That name is reserved for ${BOT_NAME}`,
  /** Another account's username, a guest's name for now, or a look-alike of one. */
  taken: 'That name is taken',
} as const;
