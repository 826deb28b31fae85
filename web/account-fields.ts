/**
 * The account forms' checks before anything is sent: each returns a message to show, or null. Cognito has the
 * final word (and the PreSignUp trigger on names); these catch typing slips at once, and the password policy
 * locally too, where the emulator does not enforce it.
 */
import { BOT_NAME, limits } from '../lambdas/contract/limits';
import { passwordPolicy } from './cognito-errors';

// A username is shown as the sender of messages: the contract's name characters, without spaces (Cognito's
// usernames cannot hold any).
const usernamePattern = /^[A-Za-z0-9_-]+$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function usernameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name === '') return 'Enter your username.';
  if (name.length > limits.name.maxLength)
    return `Usernames can be at most ${limits.name.maxLength} characters.`;
  if (!usernamePattern.test(name)) return 'Use only letters, digits, _ or - (no spaces).';
  if (name.toLowerCase() === BOT_NAME.toLowerCase()) return `${BOT_NAME} is the bot's name: pick another.`;
  return null;
}

export function emailProblem(raw: string): string | null {
  const email = raw.trim();
  if (email === '') return 'Enter your e-mail address.';
  return emailPattern.test(email) ? null : 'That does not look like an e-mail address.';
}

/** For a new password (sign-up, reset): the pool's policy. */
export function newPasswordProblem(password: string): string | null {
  const ok =
    password.length >= 8 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password) &&
    /[^A-Za-z0-9]/.test(password);
  return ok ? null : `The password must have ${passwordPolicy}.`;
}

export function passwordProblem(password: string): string | null {
  return password === '' ? 'Enter your password.' : null;
}

/** Cognito's e-mailed codes are 6 digits. */
export function codeProblem(raw: string): string | null {
  return /^\d{6}$/.test(raw.trim()) ? null : 'Enter the 6-digit code from the e-mail.';
}
