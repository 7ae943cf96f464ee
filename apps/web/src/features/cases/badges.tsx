import type { CaseStatus, RiskLevel } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';

/** Risk as colour and words: green, yellow, red, and dark red that says "immediate danger". */
export function RiskBadge({ risk }: { risk: RiskLevel | null }) {
  const { t } = useTranslation();
  if (!risk) return <span className="badge badge--muted">{t('cases.riskUnknown')}</span>;
  return (
    <span className={`badge risk risk--${risk}`} data-risk={risk}>
      {t(`enum.risk.${risk}`)}
      {risk === 'critical' && ` — ${t('cases.immediateDanger')}`}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`badge case-status case-status--${status}`}>{t(`enum.caseStatus.${status}`)}</span>;
}

export const RISK_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
