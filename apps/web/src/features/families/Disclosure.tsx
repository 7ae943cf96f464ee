import { type ReactNode, useEffect, useState } from 'react';

type Props = {
  title: string;
  /** What is filled in inside, shown beside the title while it is folded (e.g. "2 chosen"); empty when nothing is. */
  summary?: string | undefined;
  /** Opens it by itself, e.g. when a field inside has something to correct. */
  forceOpen?: boolean;
  children: ReactNode;
};

/**
 * A part of a form that is rarely needed, folded so that a phone shows what almost every record needs.
 * A native <details>: reached with Tab, opened with Enter or Space, its title read out with its state.
 * It starts open when something inside is already filled in, so nothing recorded is hidden.
 */
export function Disclosure({ title, summary, forceOpen = false, children }: Props) {
  const [open, setOpen] = useState(() => forceOpen || !!summary);
  useEffect(() => {
    if (forceOpen) setOpen(true);
  }, [forceOpen]);
  return (
    <details className="disclosure" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="disclosure__summary">
        <span className="disclosure__title">{title}</span>
        {summary && <span className="disclosure__count"> · {summary}</span>}
      </summary>
      <div className="disclosure__body">{children}</div>
    </details>
  );
}
