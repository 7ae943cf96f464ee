import { useTranslation } from 'react-i18next';
import { useResource } from '../../components/useResource.ts';
import { workforceApi } from './api.ts';

/**
 * What the assign dialog shows of each worker: their open caseload and, when the case calls for a kind of
 * training (a child with a disability → disability), whether they have it. Without the figures (an older
 * server, a refusal) the names alone are shown.
 */
export function useAssigneeLabels(caseId: string) {
  const { t } = useTranslation();
  const choice = useResource(() => workforceApi.assignees(caseId).catch(() => null), [caseId]);
  const data = choice.data ?? null;
  const label = (userId: string, name: string) => {
    const worker = data?.items.find((item) => item.id === userId);
    if (!worker) return name;
    const parts = [name, t('workforce.assign.openCases', { count: worker.openCases })];
    if (worker.relevant.length)
      parts.push(t('workforce.assign.trained', { topics: worker.relevant.map((topic) => t(`workforce.topics.${topic}`)).join(', ') }));
    return parts.join(' · ');
  };
  return { label, relevantTopics: data?.relevantTopics ?? [] };
}

export function AssigneeHint({ choice }: { choice: ReturnType<typeof useAssigneeLabels> }) {
  const { t } = useTranslation();
  if (!choice.relevantTopics.length) return null;
  return (
    <p className="hint" data-testid="assignee-hint">
      {t('workforce.assign.calledFor', { topics: choice.relevantTopics.map((topic) => t(`workforce.topics.${topic}`)).join(', ') })}
    </p>
  );
}
