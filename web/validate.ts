export const maxNameLength = 32;
export const maxMessageLength = 2000;

// The same rule as the server (lambdas/core/validation.ts): ASCII letters and digits, spaces, _ and -.
const namePattern = /^[A-Za-z0-9 _-]+$/;

/** Returns a message to show, or null when the name is acceptable (the server has the final word). */
export function nameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name.length === 0) return 'Please pick a name.';
  if (name.length > maxNameLength) return `Names can be at most ${maxNameLength} characters.`;
  if (!namePattern.test(name)) return 'Use only letters, digits, spaces, _ or -.';
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
  return { text, length, ok: length > 0 && length <= maxMessageLength, tooLong: length > maxMessageLength };
}
