import { can, mayEver } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Service } from '../../api/services.ts';
import { StatusMessage } from '../../components/fields.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useNamer } from '../../i18n/useLocale.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { ServiceFilters, ServiceResults, useServiceSearch } from './ServiceSearch.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; service: Service } | null;

/** The service directory: what organisations offer, searched by district and category; kept by its admins. */
export default function DirectoryPage() {
  const { t } = useTranslation();
  const name = useNamer();
  const actor = actorOf(useMe());
  const manager = mayEver(actor, 'service.manage');
  const { filter, setFilter, results } = useServiceSearch({ district: actor.territories[0] ?? '' }, manager);
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (service: Service) => {
    setSaved(
      editing?.mode === 'create'
        ? t('directory.created', { name: name(service.names) })
        : t('directory.saved', { name: name(service.names) }),
    );
    setEditing(null);
    results.reload();
  };
  return (
    <>
      <title>{`${t('nav.directory')} · ${t('app.name')}`}</title>
      <div className="section-head">
        <h1>{t('nav.directory')}</h1>
        {manager && (
          <button type="button" className="button button--primary" onClick={() => setEditing({ mode: 'create' })}>
            {t('directory.new')}
          </button>
        )}
      </div>
      <p className="lead">{t('directory.lead')}</p>
      {saved && <StatusMessage>{saved}</StatusMessage>}
      <ServiceFilters filter={filter} onChange={setFilter} />
      <ServiceResults
        results={results}
        actions={(service) =>
          can(actor, 'service.manage', { type: 'service', organisationId: service.organisationId }) && (
            <button
              type="button"
              className="button button--small"
              onClick={() => setEditing({ mode: 'edit', service })}
              aria-label={t('directory.editNamed', { name: name(service.names) })}
            >
              {t('common.edit')}
            </button>
          )
        }
      />
      {editing && (
        <Modal title={editing.mode === 'create' ? t('directory.new') : t('directory.edit')} onClose={() => setEditing(null)}>
          <ServiceForm service={editing.mode === 'edit' ? editing.service : undefined} onSaved={done} onCancel={() => setEditing(null)} />
        </Modal>
      )}
    </>
  );
}
