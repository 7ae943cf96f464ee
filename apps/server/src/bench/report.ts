import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult, Measure } from './bench.ts';
import type { Latency } from './measure.ts';

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(value < 10 ? 2 : 1));
const figures = (latency: Latency | null) =>
  latency ? [ms(latency.p50), ms(latency.p95), ms(latency.p99), latency.throughput.toFixed(0)] : ['', '', '', ''];

function row(m: Measure): string {
  const value = m.value !== null ? `${m.value} ${m.unit ?? ''}`.trim() : '';
  const ratio = m.ratio !== null ? `${m.ratio.toFixed(2)}×${m.ratioOf === 'throughput' ? ' (req/s)' : ''}` : '';
  const met = m.met === null ? '' : m.met ? 'yes' : '**no**';
  return `| ${m.title} | ${figures(m.app).join(' | ')} | ${figures(m.bare).join(' | ')} | ${ratio} | ${value} | ${m.target ?? ''} | ${met} |`;
}

/** The results as a Markdown summary: one table, then who asked what and notes. */
export function toMarkdown(result: BenchResult): string {
  const lines = [
    `# Hamkor benchmark, ${result.startedAt}`,
    '',
    `Database: ${result.machine.database}; ${result.machine.cpus} × ${result.machine.cpuModel}; Node ${result.machine.node}.`,
    `Data: ${Object.entries(result.data)
      .map(([table, n]) => `${n.toLocaleString('en')} ${table}`)
      .join(', ')}.`,
    '',
    'Latencies in ms (p50 / p95 / p99) and requests per second of one client in sequence; the ratio is the app’s p95',
    'over the bare SQL’s p95 (for the HTTP load: the app’s requests per second over the bare route’s).',
    '',
    '| measure | app p50 | app p95 | app p99 | app req/s | bare p50 | bare p95 | bare p99 | bare req/s | ratio | value | target | met |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...result.measures.map(row),
    '',
    ...result.measures.map((m) => `- **${m.title}**: ${[m.detail, m.note].filter(Boolean).join('. ')}`),
    '',
    `Total bench time ${result.seconds} s.`,
    '',
  ];
  return lines.join('\n');
}

/** Writes bench-<time>.json and .md, and latest.json / latest.md beside them. */
export function writeResults(result: BenchResult, folder: string): { json: string; markdown: string } {
  mkdirSync(folder, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const markdown = toMarkdown(result);
  const paths = { json: join(folder, `bench-${stamp}.json`), markdown: join(folder, `bench-${stamp}.md`) };
  writeFileSync(paths.json, json);
  writeFileSync(paths.markdown, markdown);
  writeFileSync(join(folder, 'latest.json'), json);
  writeFileSync(join(folder, 'latest.md'), markdown);
  return paths;
}
