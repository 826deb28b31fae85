/**
 * The README's plot: time for one message to reach the last socket against the room's size, log–log, one line
 * per series (median, with a bar from min to max where there are repeats). Plain SVG text, no dependency.
 */
export interface PlotSeries {
  label: string;
  color: string;
  /** Dashed: an estimate rather than a measurement. */
  dashed?: boolean;
  points: { x: number; median: number; min?: number; max?: number }[];
}

const W = 720;
const H = 420;
const M = { left: 70, right: 20, top: 40, bottom: 60 };

export function latencyPlotSvg(title: string, series: readonly PlotSeries[]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x)).filter((x) => x > 0);
  const ys = series
    .flatMap((s) => s.points.flatMap((p) => [p.median, p.min ?? p.median, p.max ?? p.median]))
    .filter((y) => Number.isFinite(y) && y > 0);
  const decade = (v: number, up: boolean) =>
    10 ** (up ? Math.ceil(Math.log10(v)) : Math.floor(Math.log10(v)));
  const x0 = decade(Math.min(...xs, 10), false);
  const x1 = decade(Math.max(...xs, 100), true);
  const y0 = decade(Math.min(...ys, 1), false);
  const y1 = decade(Math.max(...ys, 10), true);
  const px = (x: number) =>
    M.left + ((Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * (W - M.left - M.right);
  const py = (y: number) =>
    H -
    M.bottom -
    ((Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" role="img">`,
    // The title element is the figure's text alternative for screen readers (and biome's a11y lint).
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (let x = x0; x <= x1; x *= 10) {
    out.push(`<line x1="${px(x)}" y1="${M.top}" x2="${px(x)}" y2="${H - M.bottom}" stroke="#ddd"/>`);
    out.push(
      `<text x="${px(x)}" y="${H - M.bottom + 16}" text-anchor="middle">${x.toLocaleString('en')}</text>`,
    );
  }
  for (let y = y0; y <= y1; y *= 10) {
    out.push(`<line x1="${M.left}" y1="${py(y)}" x2="${W - M.right}" y2="${py(y)}" stroke="#ddd"/>`);
    out.push(
      `<text x="${M.left - 6}" y="${py(y) + 4}" text-anchor="end">${y >= 1 ? y.toLocaleString('en') : y}</text>`,
    );
  }
  out.push(`<text x="${W / 2}" y="${H - 20}" text-anchor="middle">sockets in the room</text>`);
  out.push(
    `<text x="18" y="${H / 2}" text-anchor="middle" transform="rotate(-90 18 ${H / 2})">ms until the last socket has the message</text>`,
  );
  series.forEach((s, i) => {
    const points = s.points.filter((p) => p.x > 0 && Number.isFinite(p.median) && p.median > 0);
    const path = points.map(
      (p, k) => `${k === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.median).toFixed(1)}`,
    );
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<path d="${path.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const p of points) {
      out.push(
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.median).toFixed(1)}" r="3" fill="${s.color}"/>`,
      );
      if (p.min !== undefined && p.max !== undefined && p.min > 0 && p.max > 0) {
        out.push(
          `<line x1="${px(p.x).toFixed(1)}" y1="${py(p.min).toFixed(1)}" x2="${px(p.x).toFixed(1)}" y2="${py(p.max).toFixed(1)}" stroke="${s.color}"/>`,
        );
      }
    }
    const ly = M.top + 10 + i * 18;
    out.push(
      `<line x1="${M.left + 10}" y1="${ly}" x2="${M.left + 34}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${M.left + 40}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
