import { pick, type Random } from '../random';

const greetings: readonly ((name: string) => string)[] = [
  (name) => `Hi ${name}! 🔥`,
  (name) => `Hello, ${name}! Pull up a log, the fire's warm.`,
  (name) => `Hey ${name}! Good to see you by the fire.`,
  (name) => `Greetings, ${name}! The embers say hello too.`,
];

export function greetingReply(name: string, random: Random): string {
  return pick(greetings, random)(name);
}

export function thanksReply(name: string): string {
  return `You're welcome, ${name}!`;
}

/** For anything addressed to Pyro that it does not understand. */
export function nudgeReply(name: string): string {
  return `I'm not sure what you mean, ${name}. Try \`pyro help\` to see what I can do.`;
}

/** The line Pyro posts when someone joins a room (throttling is the caller's). */
export function welcomeReply(name: string, roomId: string): string {
  return `Welcome to #${roomId}, ${name}! Pull up a log. Say \`pyro help\` to see what I can do.`;
}
