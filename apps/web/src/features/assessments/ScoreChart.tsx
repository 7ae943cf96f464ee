import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

const COLOURS = ['#b91c1c', '#1d4ed8', '#047857', '#a16207', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f', '#c2410c', '#334155'];

type Props = { labels: string[]; series: { label: string; values: (number | null)[] }[]; title: string };

/** The domain scores of each assessment, 0 (clear strength) to 3 (serious problem), one line per domain. */
export default function ScoreChart({ labels, series, title }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels,
        datasets: series.map((s, index) => ({
          label: s.label,
          data: s.values,
          borderColor: COLOURS[index % COLOURS.length],
          backgroundColor: COLOURS[index % COLOURS.length],
          spanGaps: true,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: 0, max: 3, ticks: { stepSize: 1 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [labels, series]);
  return (
    <div className="score-chart">
      <canvas ref={canvas} role="img" aria-label={title} data-testid="score-chart" />
    </div>
  );
}
