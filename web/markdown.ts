/**
 * Message text as a safe Markdown subset: **bold**, _italic_, `inline code`, fenced code blocks, [links](https://…)
 * and bare URLs. markdown-it parses (HTML off, every other rule off but those); the result is a small tree of
 * known nodes, never an HTML string: the page's CSP requires Trusted Types and allows no policy, so no HTML may be
 * written into the DOM anyway, and markdown-view.ts builds the tree with createElement and textContent only.
 * Pure: no DOM, so it is tested on Node.js with hostile input.
 */
import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';

export type MarkdownNode =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'paragraph' | 'strong' | 'em'; children: MarkdownNode[] }
  | { kind: 'code'; text: string }
  | { kind: 'codeBlock'; text: string; language: string }
  | { kind: 'link'; href: string; children: MarkdownNode[] };

/** The only schemes a link may have: anything else (javascript:, data:, vbscript:, file:, relative) stays text. */
const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

/** The absolute http(s)/mailto URL `url` names, or null for anything a link must not open. */
export function safeHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return allowedProtocols.has(parsed.protocol) ? parsed.href : null;
}

function parser(): MarkdownIt {
  // 'zero' starts with paragraphs and plain text only; the subset is enabled rule by rule, so a rule markdown-it
  // adds later (or one left out here: headings, lists, tables, quotes, images, raw HTML) never turns on by itself.
  const md = markdownIt('zero', { html: false, linkify: true, breaks: true });
  // No 'entity' rule: `&lt;` shows as typed (a chat shows what was written), and no entity hides a scheme.
  md.enable(['fence', 'backticks', 'emphasis', 'link', 'autolink', 'linkify', 'newline', 'escape']);
  // Only URLs with their scheme (and e-mail addresses) become links: fuzzy links would turn README.md or
  // file.sh into addresses. Protocol-relative `//host` and ftp: are not linked either.
  md.linkify.set({ fuzzyLink: false }).add('ftp:', null).add('//', null);
  // markdown-it refuses javascript:, vbscript:, file: and most data: itself; the allow-list is stricter still. A
  // refused link stays as the text that was typed.
  md.validateLink = (url) => safeHref(url) !== null;
  return md;
}

let md: MarkdownIt | null = null;

/** The message's text as Markdown nodes. */
export function parseMarkdown(text: string): MarkdownNode[] {
  md ??= parser();
  const root: MarkdownNode[] = [];
  let container = root;
  for (const token of md.parse(text, {})) {
    switch (token.type) {
      case 'paragraph_open': {
        const paragraph: MarkdownNode = { kind: 'paragraph', children: [] };
        root.push(paragraph);
        container = paragraph.children;
        break;
      }
      case 'paragraph_close':
        container = root;
        break;
      case 'inline':
        container.push(...inlineNodes(token.children ?? []));
        break;
      case 'fence':
      case 'code_block':
        root.push({ kind: 'codeBlock', text: token.content.replace(/\n$/, ''), language: token.info.trim() });
        break;
      default:
        // Nothing else is enabled; should a token slip through, its text shows as text.
        if (token.content) root.push({ kind: 'text', text: token.content });
    }
  }
  return root;
}

type Frame = { children: MarkdownNode[]; close: string };

function inlineNodes(tokens: readonly Token[]): MarkdownNode[] {
  const top: Frame = { children: [], close: '' };
  const stack: Frame[] = [top];
  const current = () => stack.at(-1) ?? top;
  const open = (node: MarkdownNode & { children: MarkdownNode[] }, close: string) => {
    current().children.push(node);
    stack.push({ children: node.children, close });
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        if (token.content) current().children.push({ kind: 'text', text: token.content });
        break;
      case 'softbreak':
      case 'hardbreak':
        current().children.push({ kind: 'break' });
        break;
      case 'code_inline':
        current().children.push({ kind: 'code', text: token.content });
        break;
      case 'strong_open':
        open({ kind: 'strong', children: [] }, 'strong_close');
        break;
      case 'em_open':
        open({ kind: 'em', children: [] }, 'em_close');
        break;
      case 'link_open': {
        const href = safeHref(String(token.attrGet('href') ?? ''));
        // A link whose address is refused keeps its words, as plain text in the text around it.
        if (href) open({ kind: 'link', href, children: [] }, 'link_close');
        else stack.push({ children: current().children, close: 'link_close' });
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 'link_close':
        if (stack.length > 1 && current().close === token.type) stack.pop();
        break;
      default:
        if (token.content) current().children.push({ kind: 'text', text: token.content });
    }
  }
  return top.children;
}

/** The text a reader sees, without the markup: excerpts (a reply's quote, a notification) use it. */
export function plainText(nodes: readonly MarkdownNode[]): string {
  return nodes
    .map((node): string => {
      switch (node.kind) {
        case 'text':
        case 'code':
        case 'codeBlock':
          return node.text;
        case 'break':
          return '\n';
        case 'paragraph':
          return `${plainText(node.children)}\n`;
        default:
          return plainText(node.children);
      }
    })
    .join('');
}
