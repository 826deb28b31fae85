/**
 * Markdown nodes (markdown.ts) as DOM nodes: each kind is one known element, text goes in through textContent and
 * the only attribute taken from a message is a link's href, which markdown.ts allowed (http, https, mailto).
 */
import { el } from './dom';
import type { MarkdownNode } from './markdown';

/** A link opens in a new tab that cannot reach back into this page, tells nothing of it, and earns no ranking. */
const linkAttrs = { rel: 'noopener noreferrer nofollow', target: '_blank' } as const;

export function markdownNodes(nodes: readonly MarkdownNode[]): Node[] {
  return nodes.map(domNode);
}

function domNode(node: MarkdownNode): Node {
  switch (node.kind) {
    case 'text':
      return document.createTextNode(node.text);
    case 'break':
      // A newline in the text (shown by white-space: pre-wrap) rather than <br>: copied as the line break it is.
      return document.createTextNode('\n');
    case 'paragraph':
      return el('p', {}, markdownNodes(node.children));
    case 'strong':
      return el('strong', {}, markdownNodes(node.children));
    case 'em':
      return el('em', {}, markdownNodes(node.children));
    case 'code':
      return el('code', { text: node.text });
    case 'codeBlock':
      // Scrolls sideways on its own: focusable, so keyboard users can scroll it too.
      return el('pre', { attrs: { tabindex: '0' } }, [el('code', { text: node.text })]);
    case 'link':
      return el('a', { attrs: { href: node.href, ...linkAttrs } }, markdownNodes(node.children));
  }
}
