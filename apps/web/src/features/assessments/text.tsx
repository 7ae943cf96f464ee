import type { AnyInstrumentDefinition, LocalisedText, ReadinessLevel, RiskLevel, UzCategory } from '@hamkor/domain';
import { uzCategory } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';

/** The instrument's own text in the interface language; Karakalpak and anything missing fall back to Uzbek (Latin). */
export function pick(text: LocalisedText | undefined, locale = currentLocale()): string {
  if (!text) return '';
  const chosen = (text as Record<string, string | undefined>)[locale];
  return chosen?.trim() ? chosen : text['uz-Latn'];
}

export function domainTitle(def: AnyInstrumentDefinition | undefined, key: string): string {
  return pick(def?.domains.find((d) => d.key === key)?.title) || key;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const num = (value: unknown) => (typeof value === 'number' ? value : 0);

/** Why the level is what it is, one sentence per reason (the shape of the domain's RiskReason). */
export function reasonText(
  t: (key: string, options?: Record<string, unknown>) => string,
  def: AnyInstrumentDefinition | undefined,
  reason: Record<string, unknown>,
): string {
  const domain = domainTitle(def, str(reason.domain));
  switch (reason.kind) {
    case 'immediate_danger': {
      const question = def?.domains.flatMap((d) => d.questions).find((q) => q.key === str(reason.question));
      const answer = question?.answers.find((a) => a.key === str(reason.answer));
      return t('assessments.reason.immediate_danger', { domain, question: pick(question?.text), answer: pick(answer?.label) });
    }
    case 'serious_problem':
    case 'some_concern':
      return t(`assessments.reason.${reason.kind}`, { domain, points: num(reason.points) });
    case 'high_if_serious':
      return t('assessments.reason.high_if_serious', { domain });
    case 'not_ready_if_serious':
      return t('assessments.reason.not_ready_if_serious', { domain });
    case 'not_assessed': {
      const keys = Array.isArray(reason.domains) ? reason.domains.map(str) : [];
      return t('assessments.reason.not_assessed', { domains: keys.map((key) => domainTitle(def, key)).join(', ') });
    }
    case 'readiness_total': {
      const thresholds = (reason.thresholds ?? {}) as Record<string, unknown>;
      return t('assessments.reason.readiness_total', {
        points: num(reason.points),
        readyWithSupport: num(thresholds.readyWithSupport),
        notYetReady: num(thresholds.notYetReady),
      });
    }
    case 'total': {
      const thresholds = (reason.thresholds ?? {}) as Record<string, unknown>;
      return t('assessments.reason.total', {
        points: num(reason.points),
        medium: num(thresholds.medium),
        high: num(thresholds.high),
        critical: num(thresholds.critical),
      });
    }
    default:
      return str(reason.kind);
  }
}

/** Uzbekistan's colour category beside the risk level: green, yellow, red. */
export function CategoryBadge({ category, risk }: { category?: UzCategory; risk?: RiskLevel }) {
  const { t } = useTranslation();
  const value = category ?? (risk ? uzCategory(risk) : undefined);
  if (!value) return null;
  return (
    <span className={`badge category category--${value}`} data-category={value}>
      {t(`assessments.category.${value}`)}
    </span>
  );
}

/** A family's readiness for a child's return, coloured as its category: ready green, with support yellow, not yet red. */
export function ReadinessBadge({ level }: { level: ReadinessLevel | null | undefined }) {
  const { t } = useTranslation();
  if (!level) return null;
  const category = level === 'ready' ? 'green' : level === 'ready_with_support' ? 'yellow' : 'red';
  return (
    <span className={`badge category category--${category}`} data-readiness={level}>
      {t(`assessments.readiness.levels.${level}`)}
    </span>
  );
}
