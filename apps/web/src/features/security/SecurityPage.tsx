import './security.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session.tsx';
import { IdentitiesSection } from '../oidc/IdentitiesSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { SecondFactorSection } from './SecondFactorSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';

/** The user's own security: two-step sign-in, the sessions open in their name, and their password. */
export default function SecurityPage() {
  const { t } = useTranslation();
  const { state } = useSession();
  const enrolmentRequired = state.status === 'signedIn' && !!state.enrolmentRequired;
  return (
    <div className="page security">
      <title>{`${t('security.title')} · ${t('app.name')}`}</title>
      <h1>{t('security.title')}</h1>
      {enrolmentRequired && (
        <p className="notice notice--warning" role="status">
          {t('security.enrolmentRequired')}
        </p>
      )}
      <SecondFactorSection />
      {!enrolmentRequired && (
        <>
          <SessionsSection />
          <IdentitiesSection />
          <PasswordSection />
          <p>
            <Link to="/reminders">{t('security.reminders')}</Link>
          </p>
        </>
      )}
    </div>
  );
}
