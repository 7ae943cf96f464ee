import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { type Notification, notificationsApi } from '../../api/cases.ts';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';

const REFRESH_MS = 60_000;

/** Where a notification leads: the referral it is about (the receiver never sees the case), else the case. */
const targetOf = (item: Notification) =>
  item.params?.accessId
    ? '/access'
    : item.params?.referralId
      ? `/referrals/${item.params.referralId}`
      : item.caseId
        ? `/cases/${item.caseId}`
        : item.params?.transferId
          ? '/transfers'
          : null;

/** The bell: how many notifications are unread, and a list that marks one read when it is opened. */
export function NotificationBell() {
  const { t } = useTranslation();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const notifications = useResource(() => notificationsApi.list(), [location.pathname]);
  const { reload } = notifications;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the list
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);

  const unread = notifications.data?.unread ?? 0;
  const read = (item: Notification) => {
    if (!item.readAt) notificationsApi.markRead(item.id).then(reload, () => {});
  };
  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="button button--header bell__button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
      >
        {t('notifications.title')}
        {unread > 0 && (
          <span className="bell__count" data-testid="unread-count">
            {unread}
          </span>
        )}
        <span className="visually-hidden">{t('notifications.unread', { count: unread })}</span>
      </button>
      {open && (
        <div id={listId} className="bell__popover">
          {notifications.data?.items.length === 0 && <p className="empty">{t('notifications.empty')}</p>}
          <ul>
            {notifications.data?.items.map((item) => (
              <li key={item.id} className={item.readAt ? 'bell__item' : 'bell__item bell__item--unread'}>
                {targetOf(item) ? (
                  <Link
                    to={targetOf(item) ?? '/'}
                    onClick={() => {
                      read(item);
                      // Following a notification leaves the list: it would otherwise cover the page it opened.
                      setOpen(false);
                    }}
                  >
                    {item.text}
                  </Link>
                ) : (
                  <span>{item.text}</span>
                )}
                <span className="bell__when">
                  {formatDate(item.createdAt)} {formatTime(item.createdAt)}
                </span>
                {!item.readAt && (
                  <button type="button" className="button button--small" onClick={() => read(item)}>
                    {t('notifications.markRead')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
