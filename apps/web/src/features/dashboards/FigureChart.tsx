import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type Scale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { wrapLabel } from './chartLabels.ts';
import type { ChartSpec } from './figures.ts';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export const PALETTE = ['#0b4f6c', '#c2410c', '#047857', '#a16207', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f', '#b91c1c', '#334155'];

function configOf(spec: ChartSpec, locale: string): ChartConfiguration {
  const doughnut = spec.type === 'doughnut';
  const datasets = spec.series.map((series, index) => {
    const colour = doughnut ? (spec.colours ?? PALETTE) : (spec.colours?.[index] ?? PALETTE[index % PALETTE.length]);
    return { label: series.label, data: series.values, backgroundColor: colour, borderColor: doughnut ? '#fff' : colour };
  });
  // Category labels are wrapped and never turned, and a line's ends keep half a step from the edges (offset):
  // a turned, over-long or end label ran past a phone's canvas edge.
  const categories = {
    stacked: spec.stacked ?? false,
    offset: true,
    ticks: {
      maxRotation: 0,
      callback(this: Scale, value: string | number) {
        return wrapLabel(this.getLabelForValue(Number(value)));
      },
    },
  };
  const axes = doughnut
    ? {}
    : {
        x: categories,
        y: { stacked: spec.stacked ?? false, beginAtZero: true, ticks: { precision: 0 } },
      };
  return {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      layout: { padding: { left: 4, right: 4 } },
      scales: spec.horizontal ? { x: axes.y, y: axes.x } : axes,
      plugins: { legend: { display: doughnut || spec.series.length > 1, position: 'bottom' } },
    },
  } as ChartConfiguration;
}

/** Horizontal bars grow with their rows, so that a district's forty mahallas stay readable on a phone. */
const heightOf = (spec: ChartSpec) => Math.max(288, spec.labels.length * (spec.stacked ? 1 : spec.series.length) * 14 + 96);

/** A chart of one figure, drawn with chart.js (loaded with this chunk only); the picture can be saved. */
export default function FigureChart({ spec, title, fileName }: { spec: ChartSpec; title: string; fileName: string }) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, configOf(spec, i18n.language));
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [spec, i18n.language]);

  const save = () => {
    const image = chart.current?.toBase64Image('image/png', 1);
    if (!image) return;
    const link = document.createElement('a');
    link.href = image;
    link.download = `${fileName}.png`;
    link.click();
  };

  return (
    <>
      <div className="figure__chart" style={spec.horizontal ? { height: `${heightOf(spec)}px` } : undefined}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <button type="button" className="button button--small" onClick={save} aria-label={`${t('dashboards.downloadImage')} — ${title}`}>
        {t('dashboards.downloadImage')}
      </button>
    </>
  );
}
