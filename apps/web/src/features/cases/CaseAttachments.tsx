import type { AttachmentAction } from '@hamkor/domain';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/cases.ts';
import { api, upload } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';

/** The reply of apps/server/src/modules/attachments/routes.ts. */
export type Attachment = {
  id: string;
  caseId: string;
  contactId: string | null;
  fileName: string;
  mediaType: string;
  size: number;
  archivedAt: string | null;
  version: number;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  /** What the server's access policy lets the reader do to it. */
  actions: AttachmentAction[];
};

export const attachmentsApi = {
  list: (caseId: string) => api.get<{ items: Attachment[] }>(`/api/cases/${caseId}/attachments`),
  upload: (caseId: string, file: File, onProgress: (share: number) => void) =>
    upload<Attachment>(`/api/cases/${caseId}/attachments`, file, { onProgress }),
  archive: (id: string, version: number) => api.post<Attachment>(`/api/attachments/${id}/archive`, { version }),
  contentUrl: (id: string) => `/api/attachments/${id}/content`,
};

/** Photos and scans, as the server checks them: the input only suggests. */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf';
const MAX_BYTES = 10 * 1024 * 1024;

export const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function kindOf(mediaType: string): 'pdf' | 'image' {
  return mediaType === 'application/pdf' ? 'pdf' : 'image';
}

/** A case's photos of documents and scans: list, download, upload (a file or the phone's camera), archive. */
export function CaseAttachments({ theCase, onCount }: { theCase: CaseDetail; onCount?: (count: number) => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  const list = useResource(() => attachmentsApi.list(theCase.id), [theCase.id]);
  const [share, setShare] = useState<number | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const send = async (file: File | null) => {
    setError(null);
    setMessage(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setMessage(t('attachments.tooLarge'));
      setInputKey((n) => n + 1);
      return;
    }
    setShare(0);
    try {
      await attachmentsApi.upload(theCase.id, file, setShare);
      list.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setShare(null);
      setInputKey((n) => n + 1);
    }
  };
  const archive = async (item: Attachment) => {
    setError(null);
    setMessage(null);
    try {
      await attachmentsApi.archive(item.id, item.version);
    } catch (reason) {
      setError(reason);
    }
    list.reload();
  };

  const items = list.data?.items ?? [];
  const count = list.data?.items.length;
  useEffect(() => {
    if (count !== undefined) onCount?.(count);
  }, [count, onCount]);
  return (
    <section className="card" aria-labelledby="attachments-title" data-testid="attachments">
      <h2 id="attachments-title">{t('attachments.title')}</h2>
      <FormAlert message={message ?? (error ? errorText(t, error) : list.error ? errorText(t, list.error) : null)} />
      {list.data && items.length === 0 && <p className="empty">{t('attachments.empty')}</p>}
      <ul className="attachment-list">
        {items.map((item) => (
          <li key={item.id} className="attachment">
            <a className="attachment__name" href={attachmentsApi.contentUrl(item.id)} download={item.fileName}>
              {item.fileName}
            </a>
            <span className="attachment__meta">
              {t(`attachments.kind.${kindOf(item.mediaType)}`)} · {sizeText(item.size)} · {formatDate(item.createdAt)}
              {item.createdByName ? ` · ${item.createdByName}` : ''}
            </span>
            {!theCase.readOnly && item.actions.includes('archive') && (
              <button
                type="button"
                className="button button--small"
                onClick={() => archive(item)}
                aria-label={t('attachments.archiveNamed', { name: item.fileName })}
              >
                {t('attachments.archive')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {!theCase.readOnly && (
        <div className="attachment-upload">
          <p className="field__hint" id={hintId}>
            {t('attachments.hint')}
          </p>
          <div className="case-actions">
            <label className="button attachment-upload__pick">
              {t('attachments.choose')}
              <input
                key={`file-${inputKey}`}
                className="visually-hidden"
                type="file"
                accept={ACCEPT}
                aria-describedby={hintId}
                disabled={share !== null}
                data-testid="attachment-input"
                onChange={(event) => send(event.target.files?.[0] ?? null)}
              />
            </label>
            <label className="button attachment-upload__pick attachment-upload__camera">
              {t('attachments.camera')}
              <input
                key={`camera-${inputKey}`}
                className="visually-hidden"
                type="file"
                accept="image/*"
                capture="environment"
                aria-describedby={hintId}
                disabled={share !== null}
                onChange={(event) => send(event.target.files?.[0] ?? null)}
              />
            </label>
          </div>
          {share !== null && (
            <div className="progress" role="status">
              <progress max={1} value={share} aria-label={t('attachments.uploading', { percent: Math.round(share * 100) })} />
              <span>{t('attachments.uploading', { percent: Math.round(share * 100) })}</span>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
