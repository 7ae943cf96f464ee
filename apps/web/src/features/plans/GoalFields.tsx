import { ACTION_PERFORMERS, type ActionPerformer } from '@hamkor/domain';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { RadioGroup, SelectField, TextField } from '../../components/fields.tsx';
import { useNamer } from '../../i18n/useLocale.ts';
import { domainTitle } from '../assessments/text.tsx';
import { DateField } from '../cases/DateField.tsx';
import { fullName } from '../families/DuplicateWarnings.tsx';
import type { Choices } from './usePlanChoices.ts';
import { type ActionValues, emptyAction, type GoalValues } from './values.ts';

type FieldErrors = Record<string, string>;

function ActionFields({
  action,
  path,
  index,
  choices,
  errors,
  onChange,
  onRemove,
}: {
  action: ActionValues;
  path: string;
  index: number;
  choices: Choices;
  errors: FieldErrors;
  onChange: (action: ActionValues) => void;
  onRemove?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const name = useNamer();
  const legendId = useId();
  const set = (change: Partial<ActionValues>) => onChange({ ...action, ...change });
  // The directory's services in the family's district; an action's own choice stays offered even if it moved away.
  const serviceOptions = choices.services.map((service) => ({
    value: `${service.organisationId}|${service.id}`,
    label: `${name(service.organisation.names)} — ${name(service.names)}`,
  }));
  const chosen = action.organisationId ? `${action.organisationId}|${action.serviceId}` : '';
  if (chosen && !serviceOptions.some((option) => option.value === chosen))
    serviceOptions.unshift({ value: chosen, label: t('plans.chosenBefore') });
  return (
    <fieldset className="plan-action-fields" aria-labelledby={legendId} data-testid="action-fields">
      <legend id={legendId} className="plan-action-fields__legend">
        {t('plans.actionNumber', { number: index + 1 })}
      </legend>
      <RadioGroup
        label={t('plans.performer.label')}
        value={action.performer}
        onChange={(performer) => set({ performer: performer as ActionPerformer })}
        options={ACTION_PERFORMERS.map((code) => ({ value: code, label: t(`plans.performer.${code}`) }))}
      />
      {action.performer === 'organisation' && (
        <SelectField
          label={t('plans.organisation')}
          hint={t('plans.organisationHint')}
          value={chosen}
          onChange={(value) => {
            const [organisationId = '', serviceId = ''] = value.split('|');
            set({ organisationId, serviceId });
          }}
          placeholder={t('common.choose')}
          required
          options={serviceOptions}
          error={errors[`${path}.organisationId`] ?? errors[`${path}.serviceId`]}
        />
      )}
      {action.performer === 'worker' && (
        <SelectField
          label={t('plans.worker')}
          value={action.userId}
          onChange={(userId) => set({ userId })}
          placeholder={t('common.choose')}
          required
          options={choices.workers.map((user) => ({ value: user.id, label: user.displayName }))}
          error={errors[`${path}.userId`]}
        />
      )}
      {action.performer === 'family' && (
        <SelectField
          label={t('plans.familyMember')}
          value={action.personId}
          onChange={(personId) => set({ personId })}
          placeholder={t('plans.wholeFamily')}
          options={(choices.family?.members ?? []).map((member) => ({ value: member.id, label: fullName(member) }))}
          error={errors[`${path}.personId`]}
        />
      )}
      <TextField label={t('plans.what')} value={action.what} onChange={(what) => set({ what })} required error={errors[`${path}.what`]} />
      <DateField label={t('plans.due')} value={action.due} onChange={(due) => set({ due })} error={errors[`${path}.dueDate`]} />
      {onRemove && (
        <button type="button" className="button button--small" onClick={onRemove}>
          {t('plans.removeAction')}
        </button>
      )}
    </fieldset>
  );
}

type GoalProps = {
  goal: GoalValues;
  index: number;
  choices: Choices;
  errors: FieldErrors;
  onChange: (goal: GoalValues) => void;
  onRemove: () => void;
};

/** One goal: the domain it answers, what is to be achieved by when, and the actions that get there. */
export function GoalFields({ goal, index, choices, errors, onChange, onRemove }: GoalProps) {
  const { t } = useTranslation();
  const legendId = useId();
  const path = `goals.${index}`;
  const set = (change: Partial<GoalValues>) => onChange({ ...goal, ...change });
  const setAction = (at: number, action: ActionValues) => set({ actions: goal.actions.map((a, i) => (i === at ? action : a)) });
  return (
    <fieldset className="card plan-goal-fields" aria-labelledby={legendId} data-testid="goal-fields">
      <legend id={legendId} className="plan-goal-fields__legend">
        {t('plans.goalNumber', { number: index + 1 })}
      </legend>
      <SelectField
        label={t('plans.domain')}
        value={goal.domain}
        onChange={(domain) => set({ domain })}
        placeholder={t('plans.otherDomain')}
        options={(choices.def?.domains ?? []).map((domain) => ({ value: domain.key, label: domainTitle(choices.def, domain.key) }))}
        error={errors[`${path}.domain`]}
      />
      <TextField
        label={t('plans.goalTitle')}
        value={goal.title}
        onChange={(title) => set({ title })}
        required
        error={errors[`${path}.title`]}
      />
      <DateField
        label={t('plans.target')}
        value={goal.target}
        onChange={(target) => set({ target })}
        error={errors[`${path}.targetDate`]}
      />
      {errors[`${path}.actions`] && <p className="field__error">{errors[`${path}.actions`]}</p>}
      {goal.actions.map((action, at) => (
        <ActionFields
          key={action.key}
          action={action}
          path={`${path}.actions.${at}`}
          index={at}
          choices={choices}
          errors={errors}
          onChange={(next) => setAction(at, next)}
          onRemove={goal.actions.length > 1 ? () => set({ actions: goal.actions.filter((_, i) => i !== at) }) : undefined}
        />
      ))}
      <div className="case-actions">
        <button type="button" className="button" onClick={() => set({ actions: [...goal.actions, emptyAction()] })}>
          {t('plans.addAction')}
        </button>
        <button type="button" className="button" onClick={onRemove}>
          {t('plans.removeGoal')}
        </button>
      </div>
    </fieldset>
  );
}
