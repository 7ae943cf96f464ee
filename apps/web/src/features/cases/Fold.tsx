import type { ReactNode } from 'react';

type Props = {
  title: string;
  /** How many entries it holds (events, tasks, files), once known. */
  count?: number | undefined;
  /** Folded for a reader who does not work the case; for the worker the section shows as always. */
  folded: boolean;
  children: ReactNode;
};

/**
 * A long section of the case page, folded for someone who reads the case to decide on it (a supervisor):
 * the page opens on the header and what waits for a decision, and each folded section shows its title and
 * count and opens with a tap, Enter or Space (a native <details>). Its own heading stays for screen readers.
 */
export function Fold({ title, count, folded, children }: Props) {
  if (!folded) return children;
  return (
    <details className="case-fold" data-testid="case-fold">
      <summary className="case-fold__summary">
        {title}
        {count !== undefined && <span className="case-fold__count">{count}</span>}
      </summary>
      {children}
    </details>
  );
}
