import { schemas } from '@hamkor/domain';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldMessage } from '../../api/client.ts';
import { familiesApi, type Person, personsApi, type SavedPerson } from '../../api/families.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert } from '../../components/fields.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatDate } from '../../lib/dates.ts';
import { rebase } from '../../lib/rebase.ts';
import { checkBody } from '../../lib/validate.ts';
import { type Conflict, ConflictNotice } from './ConflictNotice.tsx';
import { memberConflictFields } from './conflictFields.ts';
import { DuplicateWarnings } from './DuplicateWarnings.tsx';
import { changedMember } from './draft.ts';
import { MemberFields } from './MemberFields.tsx';
import { hasNewCandidates, useDuplicateChecks } from './useDuplicateChecks.ts';
import { duplicateProbe, emptyMember, likelyRelationship, type MemberValues, memberValuesOf, personBody, personChanges } from './values.ts';

const NEW_MEMBER = 'new';

/** A member added to a registered family starts with the head's family name and the likeliest relationship. */
function newMemberOf(household: readonly Pick<Person, 'surname' | 'relationship'>[]) {
  const surname = (household.find((member) => member.relationship === 'head') ?? household[0])?.surname ?? '';
  return { ...emptyMember(), surname, surnameCarried: surname !== '', relationship: likelyRelationship(household) };
}

type Props = {
  familyId: string;
  districtCode: string;
  /** The member to edit, as read; without it a new member is added. */
  person?: Person | undefined;
  /** The family's members, whose family name and relationships a new member starts from. */
  household?: readonly Pick<Person, 'surname' | 'relationship'>[];
  onSaved: (person: SavedPerson) => void;
  onCancel: () => void;
};

/**
 * Adds a member to a family (checked for duplicates first), or edits one with the version it was read at.
 * When someone else saved in between, their version is taken in and the user's own changes kept.
 */
export function MemberForm({ familyId, districtCode, person, household = [], onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [record, setRecord] = useState(person);
  const [values, setValues] = useState<MemberValues & { surnameCarried?: boolean }>(() =>
    person ? memberValuesOf(person) : newMemberOf(household),
  );
  const [notSame, setNotSame] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Conflict<MemberValues> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [review, setReview] = useState(false);
  const [busy, setBusy] = useState(false);
  const duplicates = useDuplicateChecks();
  const form = useRef<HTMLFormElement>(null);
  const fields = fieldMessages(error);
  const probe = () => duplicateProbe(values, districtCode);

  const problemsOf = (problems: FieldMessage[]) => problems.map((problem) => ({ ...problem, message: t(problem.message) }));

  const showConflict = (original: Person, current: Person) => {
    const mine = values;
    const rebased = rebase(memberValuesOf(original), mine, memberValuesOf(current));
    setRecord(current);
    setValues(rebased.values);
    setConflict({ rebased, mine, current: memberValuesOf(current) });
  };

  const save = async (): Promise<SavedPerson | null> => {
    if (record) {
      const built = personChanges(memberValuesOf(record), values);
      const body = { ...built.body, version: record.version };
      const invalid = checkBody(schemas.personUpdate, body, locale, problemsOf(built.problems));
      if (invalid) throw invalid;
      if (Object.keys(built.body).length === 0) {
        onCancel();
        return null;
      }
      return personsApi.update(record.id, body);
    }
    const built = personBody(values);
    const invalid = checkBody(schemas.personCreate, built.body, locale, problemsOf(built.problems));
    if (invalid) throw invalid;
    if (!duplicates.isChecked(NEW_MEMBER, probe())) {
      const shown = duplicates.checks[NEW_MEMBER];
      if (hasNewCandidates(shown, await duplicates.check(NEW_MEMBER, probe()), notSame)) {
        setReview(true);
        return null;
      }
    }
    const saved = await familiesApi.addMember(familyId, built.body);
    await Promise.all(notSame.map((otherId) => personsApi.notDuplicate(saved.id, otherId).catch(() => undefined)));
    return saved;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setReview(false);
    try {
      const saved = await save();
      if (saved) onSaved(saved);
    } catch (reason) {
      setError(reason);
      if (record && reason instanceof ApiError && reason.code === 'version_conflict' && reason.current) {
        showConflict(record, reason.current as Person);
      }
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={submit} noValidate className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      {review && (
        <div className="notice notice--warning" role="alert">
          {t('families.member.reviewDuplicates')}
        </div>
      )}
      {conflict && (
        <ConflictNotice
          conflict={conflict}
          fields={memberConflictFields(t, locale)}
          onUseTheirs={(keys) =>
            setValues((current) => ({ ...current, ...Object.fromEntries(keys.map((key) => [key, conflict.current[key]])) }))
          }
        />
      )}
      {record && <p className="muted">{t('common.lastChanged', { date: formatDate(record.updatedAt) })}</p>}
      <MemberFields
        values={values}
        onChange={(change) => setValues((current) => changedMember(current, change))}
        errorOf={(path) => fields[path]}
        onIdentityBlur={record ? undefined : () => duplicates.check(NEW_MEMBER, probe())}
      />
      {!record && (
        <DuplicateWarnings
          check={duplicates.checks[NEW_MEMBER]}
          notSame={notSame}
          onNotSame={(personId) => setNotSame((current) => [...current, personId])}
          onUndo={(personId) => setNotSame((current) => current.filter((id) => id !== personId))}
        />
      )}
      <FormActions busy={busy} submitLabel={record ? t('common.save') : t('families.member.add')} onCancel={onCancel} />
    </form>
  );
}
