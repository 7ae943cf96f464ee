import type { CellOut } from '@hamkor/domain';
import { useFormat } from './format.ts';

type Stat = { key: string; label: string; value: CellOut | undefined; tone?: 'danger' | 'warning' | undefined };

/** A few headline numbers side by side, each with what it counts ("<5" where a small count is hidden). */
export function Stats({ items, testId }: { items: Stat[]; testId?: string }) {
  const format = useFormat();
  return (
    <dl className="stats" data-testid={testId}>
      {items.map((item) => (
        <div
          key={item.key}
          className={item.tone && typeof item.value === 'number' && item.value > 0 ? `stat stat--${item.tone}` : 'stat'}
          data-stat={item.key}
        >
          <dt>{item.label}</dt>
          <dd className="stat__value">{format.cell(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
