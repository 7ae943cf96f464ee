import { useTranslation } from 'react-i18next';
import { useSession } from './session.tsx';

/**
 * Shown instead of the app when the server could not be asked about the session (a reload without signal).
 * The session may well be alive, so this is not the sign-in page; coming back online asks again by itself.
 */
export function Unreachable() {
  const { t } = useTranslation();
  const { retry } = useSession();
  return (
    <main id="main" className="sign-in__main" tabIndex={-1}>
      <div className="sign-in__card card">
        <div className="notice notice--warning" role="alert">
          {t('errors.network')}
        </div>
        <button type="button" className="button button--primary button--block" onClick={retry}>
          {t('auth.retry')}
        </button>
      </div>
    </main>
  );
}
