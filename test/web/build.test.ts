import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build';

describe('buildWeb', () => {
  it('writes a small minified bundle next to the page and its styles', async () => {
    // A folder of its own: web/dist is read by other suites while this one runs.
    const dist = await buildWeb(await mkdtemp(join(tmpdir(), 'chatty-web-')));
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    expect(html).toContain('src="app.js"');
    expect(html).toContain('href="styles.css"');
    expect((await stat(join(dist, 'styles.css'))).size).toBeGreaterThan(0);
    const bundle = await readFile(join(dist, 'app.js'), 'utf8');
    // markdown-it, which formats messages (issue 15), is about 100 KB of it with its parts (entities' decoding
    // tables, linkify-it, mdurl, punycode); the page's own code about 100 KB and growing with accounts, message
    // actions and rooms. The bound catches a dependency bundled by mistake (an AWS SDK client is megabytes).
    expect(bundle.length).toBeLessThan(250_000);
    expect(bundle).not.toMatch(/^import |^export /m);
  });
});
