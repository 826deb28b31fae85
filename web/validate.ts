// limits.ts directly: the contract's index would bring schemas the page does not use into its bundle.
import { BOT_NAME, limits } from '../lambdas/contract/limits';

export const maxNameLength = limits.name.maxLength;
export const maxMessageLength = limits.text.maxLength;

// The contract's characters for names (lambdas/contract/fields.ts NAME_PATTERN): ASCII letters and digits,
// spaces, _ and -.
const namePattern = /^[A-Za-z0-9 _-]+$/;

/** Returns a message to show, or null when the name is acceptable (the server has the final word). */
export function nameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name.length === 0) return 'Please pick a name.';
  if (name.length > maxNameLength) return `Names can be at most ${maxNameLength} characters.`;
  if (!namePattern.test(name)) return 'Use only letters, digits, spaces, _ or -.';
  // The contract's GuestNameSchema: the bot's name, in any case, is not a guest's.
  if (name.toLowerCase() === BOT_NAME.toLowerCase()) return `${BOT_NAME} is the bot's name: pick another.`;
  return null;
}

export interface TextCheck {
  text: string;
  length: number;
  ok: boolean;
  tooLong: boolean;
}

/** The contract counts 1–2000 characters after trimming; so does the counter. */
export function checkText(raw: string): TextCheck {
  const text = raw.trim();
  const length = text.length;
  return {
    text,
    length,
    ok: length >= limits.text.minLength && length <= maxMessageLength,
    tooLong: length > maxMessageLength,
  };
}
