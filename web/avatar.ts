import { el } from './dom';

/** A stable hue per name, so people are easy to tell apart at a glance. */
function nameHue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

/** The round initial shown next to a person's messages and in the member list. */
export function avatar(name: string): HTMLElement {
  const node = el('span', { className: 'avatar', text: [...name.trim()][0]?.toUpperCase() ?? '?' });
  node.setAttribute('aria-hidden', 'true');
  node.style.setProperty('--hue', String(nameHue(name)));
  return node;
}
