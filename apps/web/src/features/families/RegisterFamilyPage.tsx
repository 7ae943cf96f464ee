import { schemas } from '@hamkor/domain';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { FieldMessage } from '../../api/client.ts';
import { familiesApi, personsApi, type SavedFamily } from '../../api/families.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { checkBody } from '../../lib/validate.ts';
import { useMe } from '../auth/session.tsx';
import { DuplicateWarnings } from './DuplicateWarnings.tsx';
import { changedMember, clearDraft, type DraftMember, nextMember, readDraft, writeDraft } from './draft.ts';
import type { RegisteredState } from './FamilyPage.tsx';
import { HouseholdFields } from './HouseholdFields.tsx';
import { MemberFields } from './MemberFields.tsx';
import { hasNewCandidates, useDuplicateChecks } from './useDuplicateChecks.ts';
import { duplicateProbe, emptyHousehold, type HouseholdValues, type MemberValues, registrationBody } from './values.ts';

const DRAFT_DELAY_MS = 400;

const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/** "Not the same person" is recorded once the member exists; a failure only means the pair is suggested again. */
async function recordNotSame(family: SavedFamily, members: DraftMember[]): Promise<void> {
  const requests = members.flatMap((member, index) => {
    const byPosition = family.members[index];
    const saved =
      byPosition && sameName(byPosition.givenName, member.givenName)
        ? byPosition
        : family.members.find((person) => sameName(person.surname, member.surname) && sameName(person.givenName, member.givenName));
    return saved ? member.notSame.map((otherId) => personsApi.notDuplicate(saved.id, otherId).catch(() => undefined)) : [];
  });
  await Promise.all(requests);
}

/**
 * Registers a household and its members on one page. Everything typed is kept as a draft on this device
 * until the family is saved; each member is checked for likely duplicates as the worker goes.
 */
export function RegisterFamilyPage() {
  const { t } = useTranslation();
  const me = useMe();
  const locale = useLocale();
  const navigate = useNavigate();
  const [restored, setRestored] = useState(() => readDraft(localStorage, me.id));
  const [household, setHousehold] = useState<HouseholdValues>(
    () => restored?.household ?? emptyHousehold(me.organisation?.districtCode ?? ''),
  );
  const [members, setMembers] = useState<DraftMember[]>(() => (restored?.members.length ? restored.members : [nextMember([])]));
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [review, setReview] = useState(false);
  const [busy, setBusy] = useState<'checking' | 'saving' | null>(null);
  const duplicates = useDuplicateChecks();
  const form = useRef<HTMLFormElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const firstFields = useRef(new Map<string, HTMLInputElement>());
  const givenNames = useRef(new Map<string, HTMLInputElement>());
  const [focusMember, setFocusMember] = useState<string | null>(null);
  const fields = fieldMessages(error);

  // Keep the draft a moment after the last keystroke, and at once when the page is left before that.
  const pendingDraft = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (!dirty) return;
    const save = () => {
      pendingDraft.current = null;
      setSavedAt(writeDraft(localStorage, me.id, { household, members }));
    };
    pendingDraft.current = save;
    const timer = setTimeout(save, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [dirty, household, members, me.id]);
  useEffect(() => {
    const flush = () => pendingDraft.current?.();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  // A restored draft is checked for duplicates again: the register may have changed since.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for what was restored
  useEffect(() => {
    for (const member of restored?.members ?? []) duplicates.check(member.key, duplicateProbe(member, household.districtCode));
  }, []);

  useEffect(() => {
    if (!focusMember) return;
    // With the family name carried over, the worker starts at the given name.
    const surname = firstFields.current.get(focusMember);
    (surname?.value ? givenNames.current.get(focusMember) : surname)?.focus();
    setFocusMember(null);
  }, [focusMember]);

  // After a failed save, take the worker to the first field to correct, or to the message.
  useEffect(() => {
    if (!error && !review) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current?.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  }, [error, review]);

  const changeHousehold = (change: Partial<HouseholdValues>) => {
    setDirty(true);
    setHousehold((current) => ({ ...current, ...change }));
  };
  const changeMember = (key: string, change: Partial<DraftMember>) => {
    setDirty(true);
    setMembers((current) => current.map((member) => (member.key === key ? changedMember(member, change) : member)));
  };
  const checkMember = (member: MemberValues & { key: string }) =>
    duplicates.check(member.key, duplicateProbe(member, household.districtCode));

  const addMember = () => {
    const member = nextMember(members);
    setDirty(true);
    setMembers((current) => [...current, member]);
    setFocusMember(member.key);
  };
  const removeMember = (member: DraftMember, number: number) => {
    const typed = member.surname.trim() || member.givenName.trim();
    if (typed && !window.confirm(t('families.register.confirmRemove', { number }))) return;
    setDirty(true);
    setMembers((current) => current.filter((other) => other.key !== member.key));
    duplicates.forget(member.key);
    addButton.current?.focus();
  };

  const discardDraft = () => {
    if (!window.confirm(t('families.register.confirmDiscard'))) return;
    pendingDraft.current = null;
    clearDraft(localStorage, me.id);
    for (const member of members) duplicates.forget(member.key);
    setRestored(null);
    setHousehold(emptyHousehold(me.organisation?.districtCode ?? ''));
    setMembers([nextMember([])]);
    setDirty(false);
    setSavedAt(null);
    setError(null);
    setReview(false);
  };

  /** Checks members not yet checked with their current details; true when that shows someone new. */
  const findNewDuplicates = async (): Promise<boolean> => {
    const found = await Promise.all(
      members.map(async (member) => {
        const probe = duplicateProbe(member, household.districtCode);
        if (duplicates.isChecked(member.key, probe)) return false;
        const shown = duplicates.checks[member.key];
        return hasNewCandidates(shown, await duplicates.check(member.key, probe), member.notSame);
      }),
    );
    return found.some(Boolean);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setReview(false);
    const built = registrationBody(household, members);
    const problems: FieldMessage[] = built.problems.map((problem) => ({ ...problem, message: t(problem.message) }));
    const invalid = checkBody(schemas.familyCreate, built.body, locale, problems);
    if (invalid) return setError(invalid);
    setBusy('checking');
    if (await findNewDuplicates()) {
      setBusy(null);
      return setReview(true);
    }
    setBusy('saving');
    try {
      const family = await familiesApi.register(built.body);
      await recordNotSame(family, members);
      pendingDraft.current = null;
      clearDraft(localStorage, me.id);
      const warnings = family.warnings.map((warning) => {
        const member = members[Number(/^members\.(\d+)\./.exec(warning.path)?.[1] ?? -1)];
        return { name: member ? `${member.surname} ${member.givenName}` : '', message: warning.message };
      });
      navigate(`/families/${family.id}`, { state: { registered: true, warnings } satisfies RegisteredState });
    } catch (reason) {
      setError(reason);
      setBusy(null);
    }
  };

  return (
    <>
      <title>{`${t('families.register.title')} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to="/families">{t('nav.families')}</Link>
      </p>
      <h1>{t('families.register.title')}</h1>
      <p className="lead">{t('families.register.intro')}</p>
      {restored && (
        <div className="notice notice--info draft-notice">
          <p>{t('families.register.draftRestored', { date: formatDate(restored.savedAt), time: formatTime(restored.savedAt) })}</p>
          <button type="button" className="button button--small" onClick={discardDraft}>
            {t('families.register.discardDraft')}
          </button>
        </div>
      )}
      <form ref={form} onSubmit={submit} noValidate className="form register-form">
        <FormAlert message={error ? errorText(t, error) : null} />
        {review && (
          <div className="notice notice--warning" role="alert" tabIndex={-1}>
            {t('families.register.reviewDuplicates')}
          </div>
        )}
        <section className="card" aria-labelledby="household-title">
          <h2 id="household-title">{t('families.household.title')}</h2>
          <HouseholdFields values={household} onChange={changeHousehold} errorOf={(path) => fields[path]} />
        </section>

        <section aria-labelledby="members-title" className="members">
          <h2 id="members-title">{t('families.register.members')}</h2>
          {fields.members && !Object.keys(fields).some((path) => path.startsWith('members.')) && (
            <p className="field__error">{fields.members}</p>
          )}
          {members.map((member, index) => {
            const number = index + 1;
            const name = [member.surname, member.givenName]
              .map((part) => part.trim())
              .filter(Boolean)
              .join(' ');
            return (
              <fieldset key={member.key} className="card member-block">
                <legend className="member-block__legend">
                  {t('families.member.legend', { number })}
                  {name && <span className="member-block__name"> — {name}</span>}
                </legend>
                {members.length > 1 && (
                  <button
                    type="button"
                    className="button button--small member-block__remove"
                    onClick={() => removeMember(member, number)}
                    aria-label={t('families.member.removeNamed', { number })}
                  >
                    {t('families.member.remove')}
                  </button>
                )}
                <MemberFields
                  values={member}
                  onChange={(change) => changeMember(member.key, change)}
                  errorOf={(path) => fields[`members.${index}.${path}`]}
                  onIdentityBlur={() => checkMember(member)}
                  firstFieldRef={(element) => {
                    if (element) firstFields.current.set(member.key, element);
                    else firstFields.current.delete(member.key);
                  }}
                  givenNameRef={(element) => {
                    if (element) givenNames.current.set(member.key, element);
                    else givenNames.current.delete(member.key);
                  }}
                />
                <DuplicateWarnings
                  check={duplicates.checks[member.key]}
                  notSame={member.notSame}
                  onNotSame={(personId) => changeMember(member.key, { notSame: [...member.notSame, personId] })}
                  onUndo={(personId) => changeMember(member.key, { notSame: member.notSame.filter((id) => id !== personId) })}
                />
              </fieldset>
            );
          })}
          <button ref={addButton} type="button" className="button members__add" onClick={addMember}>
            {t('families.register.addMember')}
          </button>
        </section>

        <div className="form__actions form__actions--end">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            {busy === 'checking'
              ? t('families.register.checking')
              : busy === 'saving'
                ? t('families.register.saving')
                : t('families.register.submit')}
          </button>
          <Link to="/families" className="button">
            {t('common.cancel')}
          </Link>
          {savedAt && (
            <p className="muted draft-state" data-testid="draft-state">
              {t('families.register.draftSaved', { time: formatTime(savedAt) })}
            </p>
          )}
        </div>
      </form>
    </>
  );
}
