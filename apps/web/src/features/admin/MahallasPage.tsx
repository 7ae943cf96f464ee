import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Mahalla } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { RegionDistrictFields } from '../territories/RegionDistrictFields.tsx';
import { MahallaForm } from './MahallaForm.tsx';
import { MahallaImport } from './MahallaImport.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; mahalla: Mahalla } | null;

/** A district's mahallas: the list, one by one, or a whole CSV at once. The district is in the address. */
export function MahallasPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? '';
  const district = params.get('district') ?? '';
  const mahallas = useResource(
    () => (district ? api.get<Mahalla[]>('/api/territories/mahallas', { district }) : Promise.resolve([])),
    [district],
  );
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const choose = (next: { region: string; district: string }) => {
    setNotice(null);
    setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value)), { replace: true });
  };
  const saved = (message: string) => {
    setEditing(null);
    setNotice(message);
    mahallas.reload();
  };

  return (
    <section aria-labelledby="mahallas-title">
      <title>{`${t('admin.tabs.mahallas')} · ${t('app.name')}`}</title>
      <div className="section-head">
        <h2 id="mahallas-title">{t('admin.tabs.mahallas')}</h2>
        <button type="button" className="button button--primary" onClick={() => setEditing({ mode: 'create' })} disabled={!district}>
          {t('admin.mahallas.new')}
        </button>
      </div>
      <div className="card card--flat">
        <RegionDistrictFields region={region} district={district} onChange={choose} />
      </div>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={mahallas.error ? errorText(t, mahallas.error) : null} />
      {!district && <p className="empty">{t('admin.mahallas.chooseDistrict')}</p>}
      {district && mahallas.loading && !mahallas.data?.length && <Loading />}
      {district && !mahallas.loading && mahallas.data?.length === 0 && <p className="empty">{t('admin.mahallas.empty')}</p>}
      {district && mahallas.data && mahallas.data.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack" data-testid="mahallas">
            <caption className="visually-hidden">{t('admin.tabs.mahallas')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.mahallas.code')}</th>
                <th scope="col">{t('admin.mahallas.nameUzLatn')}</th>
                <th scope="col">{t('admin.mahallas.nameUzCyrl')}</th>
                <th scope="col">{t('admin.mahallas.nameRu')}</th>
                <th scope="col">{t('admin.mahallas.nameEn')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {mahallas.data.map((mahalla) => (
                <tr key={mahalla.id}>
                  <th scope="row" data-label={t('admin.mahallas.code')}>
                    <code>{mahalla.code}</code>
                    {!mahalla.active && <span className="badge badge--muted">{t('common.inactive')}</span>}
                  </th>
                  <td data-label={t('admin.mahallas.nameUzLatn')} lang="uz-Latn">
                    {mahalla.name.uz_latn}
                  </td>
                  <td data-label={t('admin.mahallas.nameUzCyrl')} lang="uz-Cyrl">
                    {mahalla.name.uz_cyrl}
                  </td>
                  <td data-label={t('admin.mahallas.nameRu')} lang="ru">
                    {mahalla.name.ru}
                  </td>
                  <td data-label={t('admin.mahallas.nameEn')} lang="en">
                    {mahalla.name.en}
                  </td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setEditing({ mode: 'edit', mahalla })}
                      aria-label={t('admin.mahallas.editNamed', { code: mahalla.code })}
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
      {district && <MahallaImport district={district} onImported={mahallas.reload} />}
      {editing && district && (
        <Modal title={editing.mode === 'create' ? t('admin.mahallas.new') : t('admin.mahallas.edit')} onClose={() => setEditing(null)}>
          <MahallaForm
            district={district}
            mahalla={editing.mode === 'edit' ? editing.mahalla : undefined}
            onSaved={({ code }) =>
              saved(editing.mode === 'create' ? t('admin.mahallas.created', { code }) : t('admin.mahallas.saved', { code }))
            }
            onCancel={() => setEditing(null)}
          />
        </Modal>
      )}
    </section>
  );
}
