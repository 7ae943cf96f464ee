import { mayEver, REFERRAL_STATUSES, type ReferralStatus } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { referralsApi } from '../../api/referrals.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { ReferralRows } from './ReferralsList.tsx';

/** The receiving organisation's inbox and the sender's outbox, each filtered by status or overdue. */
export function ReferralsPage() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const boxes = (['inbox', 'outbox'] as const).filter((box) =>
    box === 'inbox' ? mayEver(actor, 'referral.respond') : mayEver(actor, 'referral.send'),
  );
  const [params, setParams] = useSearchParams();
  const asked = params.get('box');
  const box = boxes.find((b) => b === asked) ?? boxes[0] ?? 'inbox';
  const status = (params.get('status') ?? '') as ReferralStatus | '';
  const overdue = params.get('overdue') === 'true';
  const list = useResource(() => referralsApi.list({ box, status: status || undefined, overdue }), [box, status, overdue]);
  const set = (change: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) value ? next.set(key, value) : next.delete(key);
    setParams(next, { replace: true });
  };
  const items = list.data?.items ?? [];
  return (
    <>
      <title>{`${t('nav.referrals')} · ${t('app.name')}`}</title>
      <h1>{t('nav.referrals')}</h1>
      {boxes.length > 1 && (
        <nav className="tabs" aria-label={t('referrals.boxes')}>
          <ul>
            {boxes.map((b) => (
              <li key={b}>
                <Link to={`/referrals?box=${b}`} aria-current={b === box ? 'page' : undefined}>
                  {t(`referrals.box.${b}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2>{t(`referrals.box.${box}`)}</h2>
      <div className="filters">
        <SelectField
          label={t('referrals.statusFilter')}
          value={status}
          onChange={(value) => set({ status: value })}
          placeholder={t('referrals.anyStatus')}
          options={REFERRAL_STATUSES.map((code) => ({ value: code, label: t(`referrals.status.${code}`) }))}
        />
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(event) => set({ overdue: event.target.checked ? 'true' : '' })} />
          <span>{t('referrals.onlyOverdue')}</span>
        </label>
      </div>
      <FormAlert message={list.error ? errorText(t, list.error) : null} />
      {list.loading && !list.data && <Loading />}
      {list.data && items.length === 0 && <p className="empty">{t(`referrals.empty.${box}`)}</p>}
      <ReferralRows items={items} box={box} />
    </>
  );
}
