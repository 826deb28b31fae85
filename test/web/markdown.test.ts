import { describe, expect, it } from 'vitest';
import { type MarkdownNode, parseMarkdown, plainText, safeHref } from '../../web/markdown';

const text = (t: string): MarkdownNode => ({ kind: 'text', text: t });
const paragraph = (...children: MarkdownNode[]): MarkdownNode => ({ kind: 'paragraph', children });

/** Every node of the tree, depth first. */
function walk(nodes: readonly MarkdownNode[]): MarkdownNode[] {
  return nodes.flatMap((n) => [n, ...('children' in n ? walk(n.children) : [])]);
}
const links = (source: string) =>
  walk(parseMarkdown(source)).flatMap((n) => (n.kind === 'link' ? [n.href] : []));

describe('parseMarkdown: the subset', () => {
  it('renders bold, italic and inline code', () => {
    expect(parseMarkdown('**bold** and _it_ and *it* and `code`')).toEqual([
      paragraph(
        { kind: 'strong', children: [text('bold')] },
        text(' and '),
        { kind: 'em', children: [text('it')] },
        text(' and '),
        { kind: 'em', children: [text('it')] },
        text(' and '),
        { kind: 'code', text: 'code' },
      ),
    ]);
  });

  it('renders a fenced code block with its language, its text untouched', () => {
    expect(parseMarkdown('```js\nconst a = "<b>" && 1;\n```')).toEqual([
      { kind: 'codeBlock', text: 'const a = "<b>" && 1;', language: 'js' },
    ]);
  });

  it('links [text](url) and bare URLs with their scheme, and e-mail addresses', () => {
    expect(parseMarkdown('see [the docs](https://example.com/a?b=1&c=2)')).toEqual([
      paragraph(text('see '), {
        kind: 'link',
        href: 'https://example.com/a?b=1&c=2',
        children: [text('the docs')],
      }),
    ]);
    expect(links('go to https://example.com/x. or <http://example.org>')).toEqual([
      'https://example.com/x',
      'http://example.org/',
    ]);
    expect(links('write to ada@example.com')).toEqual(['mailto:ada@example.com']);
  });

  it('links no file names or addresses without a scheme', () => {
    expect(links('see README.md, file.sh, example.com and //example.com or ftp://example.com')).toEqual([]);
  });

  it('keeps line breaks, and a blank line starts a paragraph', () => {
    expect(parseMarkdown('one\ntwo\n\nthree')).toEqual([
      paragraph(text('one'), { kind: 'break' }, text('two')),
      paragraph(text('three')),
    ]);
  });

  it('leaves headings, lists, quotes, tables, rules and entities as the text that was typed', () => {
    const source = '# title\n- item\n> quote\n| a | b |\n---\n&lt;b&gt; &amp;';
    expect(plainText(parseMarkdown(source))).toBe(`${source}\n`);
    expect(walk(parseMarkdown(source)).map((n) => n.kind)).toEqual([
      'paragraph',
      ...Array.from({ length: 6 }, () => ['text', 'break'])
        .flat()
        .slice(0, -1),
    ]);
  });

  it('shows an image as a link to it at most, never an image', () => {
    expect(walk(parseMarkdown('![cat](https://example.com/cat.png)'))).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ kind: 'image' })]),
    );
    expect(links('![cat](https://example.com/cat.png)')).toEqual(['https://example.com/cat.png']);
  });
});

describe('parseMarkdown: hostile input', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<div onclick="alert(1)" style="x">hi</div>',
    '<svg/onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](jav&#x61;script:alert(1))',
    '[x](jav&#97;script:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](data:image/png;base64,iVBORw0KGgo=)',
    '[x](file:///etc/passwd)',
    '[x](/relative/path)',
    '<javascript:alert(1)>',
    'javascript:alert(1)',
    '![x](javascript:alert(1))',
    '[x](https://ok.example "title" onmouseover="alert(1)")',
    '[x]: javascript:alert(1)\n\n[x]',
  ];

  it.each(hostile)('%s: no link but http(s)/mailto, and the markup stays text', (source) => {
    for (const href of links(source)) expect(new URL(href).protocol).toMatch(/^(https?|mailto):$/);
    // Every character that was typed is still there to read: nothing was taken as markup.
    const shown = plainText(parseMarkdown(source));
    for (const marker of ['<script', '<img', 'onerror', 'onclick', '<svg', '<iframe'])
      if (source.includes(marker)) expect(shown).toContain(marker);
  });

  it('keeps raw HTML as text, character for character', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([
      paragraph(text('<img src=x onerror=alert(1)>')),
    ]);
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([
      paragraph(text('<script>alert(1)</script>')),
    ]);
  });

  it('shows a refused link as the text that was typed', () => {
    expect(plainText(parseMarkdown('[x](javascript:alert(1))'))).toBe('[x](javascript:alert(1))\n');
  });

  it('a title with an event attribute adds no attribute: a link is its href and its text', () => {
    const [node] = walk(parseMarkdown('[x](https://ok.example "t" onmouseover="alert(1)")')).filter(
      (n) => n.kind === 'link',
    );
    if (node) expect(Object.keys(node).sort()).toEqual(['children', 'href', 'kind']);
  });
});

describe('safeHref', () => {
  it('allows absolute http, https and mailto URLs only', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/');
    expect(safeHref('HTTP://EXAMPLE.com/a')).toBe('http://example.com/a');
    expect(safeHref('mailto:ada@example.com')).toBe('mailto:ada@example.com');
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'data:text/html,x', 'blob:x', '/a', 'a', ''])
      expect(safeHref(bad)).toBeNull();
  });
});
