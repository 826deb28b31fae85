import type { ReminderLimits } from '../ports';
import { MAX_REMINDER_HOURS } from './remind';

export function helpReply(limits: ReminderLimits): string {
  return [
    "I'm Pyro, the campfire bot. Here's what I can do:",
    '• `pyro weather 94103`: the weather right now for a US zip code',
    '• `pyro movie The Princess Bride`: year, director and plot of a movie',
    "• `pyro story`: a short campfire story, made up from my tales and this room's chatter",
    `• \`pyro remind me in 10 minutes to stretch\`: a reminder in this room (minutes or hours, up to ${MAX_REMINDER_HOURS} hours; at most ${limits.perPerson} waiting per person (${limits.perGuest} for a guest) and ${limits.perRoom} per room, ${limits.textLength} characters each)`,
    '• `pyro reminders`: your reminders waiting, numbered; `pyro cancel 2` cancels number 2',
    '• `hi pyro` / `thanks pyro`: I like good manners',
  ].join('\n');
}
