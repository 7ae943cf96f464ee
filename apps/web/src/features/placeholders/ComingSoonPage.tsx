import { useTranslation } from 'react-i18next';
import type { Section } from '../shell/nav.ts';

/** A section that is planned but not built yet: says so, and what it will hold. */
export function ComingSoonPage({ section }: { section: Section }) {
  const { t } = useTranslation();
  const title = t(`nav.${section}`);
  return (
    <>
      <title>{`${title} · ${t('app.name')}`}</title>
      <h1>{title}</h1>
      <div className="card coming-soon">
        <p className="coming-soon__title">{t('sections.comingSoon')}</p>
        <p>{t(`sections.${section}.description`)}</p>
        <p className="muted">{t(`sections.${section}.plan`)}</p>
      </div>
    </>
  );
}
