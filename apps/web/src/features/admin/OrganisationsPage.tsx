import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listAll } from '../../api/client.ts';
import type { Organisation } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { useNamer } from '../../i18n/useLocale.ts';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';
import { OrganisationForm } from './OrganisationForm.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; organisation: Organisation } | null;

export function OrganisationsPage() {
  const { t } = useTranslation();
  const namer = useNamer();
  const organisations = useResource(() => listAll<Organisation>('/api/organisations'), []);
  const districtName = useTerritoryNames((organisations.data ?? []).map((o) => o.districtCode));
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const done = (organisation: Organisation, created: boolean) => {
    setEditing(null);
    const name = namer(organisation.names);
    setSaved(created ? t('admin.organisations.created', { name }) : t('admin.organisations.saved', { name }));
    organisations.reload();
  };

  return (
    <section aria-labelledby="organisations-title">
      <title>{`${t('admin.tabs.organisations')} · ${t('app.name')}`}</title>
      <div className="section-head">
        <h2 id="organisations-title">{t('admin.tabs.organisations')}</h2>
        <button type="button" className="button button--primary" onClick={() => setEditing({ mode: 'create' })}>
          {t('admin.organisations.new')}
        </button>
      </div>
      {saved && <StatusMessage>{saved}</StatusMessage>}
      <FormAlert message={organisations.error ? errorText(t, organisations.error) : null} />
      {organisations.loading && !organisations.data && <Loading />}
      {organisations.data?.length === 0 && <p className="empty">{t('admin.organisations.empty')}</p>}
      {organisations.data && organisations.data.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack">
            <caption className="visually-hidden">{t('admin.tabs.organisations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.organisations.name')}</th>
                <th scope="col">{t('admin.organisations.kind')}</th>
                <th scope="col">{t('territory.district')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {organisations.data.map((organisation) => (
                <tr key={organisation.id}>
                  <th scope="row" data-label={t('admin.organisations.name')}>
                    {namer(organisation.names)}
                    {!organisation.active && <span className="badge badge--muted">{t('common.inactive')}</span>}
                  </th>
                  <td data-label={t('admin.organisations.kind')}>{t(`enum.organisationKind.${organisation.kind}`)}</td>
                  <td data-label={t('territory.district')}>{districtName(organisation.districtCode)}</td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setEditing({ mode: 'edit', organisation })}
                      aria-label={t('admin.organisations.editNamed', { name: namer(organisation.names) })}
                    >
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <Modal
          title={editing.mode === 'create' ? t('admin.organisations.new') : t('admin.organisations.edit')}
          onClose={() => setEditing(null)}
        >
          <OrganisationForm
            organisation={editing.mode === 'edit' ? editing.organisation : undefined}
            onSaved={(organisation) => done(organisation, editing.mode === 'create')}
            onCancel={() => setEditing(null)}
          />
        </Modal>
      )}
    </section>
  );
}
