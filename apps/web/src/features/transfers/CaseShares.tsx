import './transfers.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/cases.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, SelectField, StatusMessage } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { sharesApi } from './api.ts';

/**
 * The co-workers the case is shared with: they read it and record contacts. The case's own staff add
 * and remove them; the server decides who may be chosen (staff of organisations working in the district).
 */
export function CaseShares({ theCase, onChanged }: { theCase: CaseDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const shares = useResource(() => sharesApi.list(theCase.id), [theCase.id]);
  const [userId, setUserId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const data = shares.data;
  const run = async (call: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await call();
      setNotice(message);
      setUserId('');
      shares.reload();
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = data?.candidates.find((candidate) => candidate.id === userId)?.displayName ?? '';
    void run(() => sharesApi.add(theCase.id, userId), t('transfers.shares.added', { name }));
  };
  if (data && !data.canManage && data.items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="case-shares-title" data-testid="case-shares">
      <h2 id="case-shares-title">{t('transfers.shares.title')}</h2>
      <p className="muted">{t('transfers.shares.hint')}</p>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={error || shares.error ? errorText(t, error ?? shares.error) : null} />
      {data && data.items.length === 0 && <p className="empty">{t('transfers.shares.none')}</p>}
      <ul className="transfer-list">
        {data?.items.map((share) => (
          <li key={share.userId} className="transfer" data-testid="share">
            <span>
              <strong>{share.displayName}</strong> · {share.organisation.name}
            </span>
            {data.canManage && (
              <button
                type="button"
                className="button button--small"
                disabled={busy}
                onClick={() =>
                  void run(() => sharesApi.remove(theCase.id, share.userId), t('transfers.shares.removed', { name: share.displayName }))
                }
              >
                {t('transfers.shares.remove', { name: share.displayName })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {data?.canManage && (
        <form className="share-form" onSubmit={add} noValidate>
          <SelectField
            label={t('transfers.shares.person')}
            value={userId}
            onChange={setUserId}
            required
            placeholder={t('common.choose')}
            options={data.candidates.map((candidate) => ({
              value: candidate.id,
              label: `${candidate.displayName} · ${candidate.organisation.name}`,
            }))}
          />
          <button type="submit" className="button" disabled={busy || !userId}>
            {t('transfers.shares.add')}
          </button>
        </form>
      )}
    </section>
  );
}
