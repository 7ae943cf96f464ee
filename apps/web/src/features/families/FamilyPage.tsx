import { can } from '@hamkor/domain';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type Family, familiesApi, type Person } from '../../api/families.ts';
import { useMahallas } from '../../api/territories.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { useLocale, useNamer } from '../../i18n/useLocale.ts';
import { formatDate } from '../../lib/dates.ts';
import { formatPhone } from '../../lib/phone.ts';
import { EmergencyNotFound } from '../access/EmergencyNotFound.tsx';
import { RecordReaders } from '../audit/RecordReaders.tsx';
import { actorOf, useMe } from '../auth/session.tsx';
import { FamilyCare } from '../care/FamilyCare.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';
import { fullName } from './DuplicateWarnings.tsx';
import { FamilyCases } from './FamilyCases.tsx';
import { ageText, birthText, whereaboutsText } from './format.ts';
import { HouseholdForm } from './HouseholdForm.tsx';
import { useEnumLabels } from './labels.ts';
import { MemberForm } from './MemberForm.tsx';
import { MergeForm, type MergeTarget } from './MergeForm.tsx';
import { UTILITIES } from './values.ts';

/** Set by the registration page when it brings the worker here. */
export type RegisteredState = { registered: true; warnings: { name: string; message: string }[] };

type Dialog =
  | { kind: 'household' }
  | { kind: 'addMember' }
  | { kind: 'editMember'; person: Person }
  | { kind: 'merge'; target: MergeTarget };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '' || children === false) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const headOf = (family: Family) => family.members.find((member) => member.relationship === 'head') ?? family.members[0];

/** The head and their spouse first, then everyone else in the server's order (oldest first). */
const RANK: Partial<Record<Person['relationship'], number>> = { head: 0, spouse: 1 };
const inFamilyOrder = (members: Person[]) => [...members].sort((a, b) => (RANK[a.relationship] ?? 2) - (RANK[b.relationship] ?? 2));

function HouseholdFacts({ family }: { family: Family }) {
  const { t } = useTranslation();
  const { label } = useEnumLabels();
  const name = useNamer();
  const territoryName = useTerritoryNames([family.districtCode]);
  const mahalla = useMahallas(family.mahallaCode ? family.districtCode : '').find((entry) => entry.code === family.mahallaCode);
  const living = family.livingConditions;
  const utilities = UTILITIES.filter((utility) => living?.[utility] === true).map((utility) => label('utility', utility));
  const lacking = UTILITIES.filter((utility) => living?.[utility] === false).map((utility) => label('utility', utility));
  return (
    <dl className="facts facts--household">
      <Fact label={t('territory.district')}>{territoryName(family.districtCode)}</Fact>
      <Fact label={t('families.household.mahalla')}>{family.mahallaCode && (mahalla ? name(mahalla.name) : family.mahallaCode)}</Fact>
      <Fact label={t('families.household.address')}>{family.address}</Fact>
      <Fact label={t('families.household.phone')}>
        {[family.phone, ...family.phones.filter((phone) => phone !== family.phone)].filter(Boolean).map((phone) => (
          <a key={phone} href={`tel:${phone}`} className="phone">
            {formatPhone(phone)}
          </a>
        ))}
      </Fact>
      <Fact label={t('families.household.identificationSource')}>{label('identificationSource', family.identificationSource)}</Fact>
      <Fact label={t('families.household.socialRegisterCategory')}>
        {family.socialRegisterCategory
          ? label('socialRegisterCategory', family.socialRegisterCategory)
          : t('families.household.notOnRegister')}
      </Fact>
      <Fact label={t('families.household.livingConditions')}>
        {living &&
          [
            living.housing && label('housing', living.housing),
            living.rooms != null && t('families.roomsCount', { rooms: living.rooms }),
            utilities.length > 0 && t('families.has', { list: utilities.join(', ') }),
            lacking.length > 0 && t('families.lacks', { list: lacking.join(', ') }),
            living.note,
          ]
            .filter(Boolean)
            .join(' · ')}
      </Fact>
      <Fact label={t('families.household.notes')}>{family.notes}</Fact>
      <Fact label={t('families.family.registered')}>{formatDate(family.createdAt)}</Fact>
    </dl>
  );
}

type MemberCardProps = { person: Person; onEdit?: (() => void) | undefined; onMerge?: (() => void) | undefined };

function MemberCard({ person, onEdit, onMerge }: MemberCardProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { label } = useEnumLabels();
  const titleId = useId();
  const age = ageText(t, person);
  const away = person.whereabouts.status !== 'present';
  const name = fullName(person);
  return (
    <article className={person.documentsMissing.length ? 'member-card member-card--attention' : 'member-card'} aria-labelledby={titleId}>
      <div className="member-card__head">
        <h3 id={titleId}>{name}</h3>
        <span className="badge badge--role">{label('relationship', person.relationship)}</span>
      </div>
      <dl className="member-card__facts">
        <Fact label={t('families.member.birth')}>{birthText(t, person) + (age ? ` (${age})` : '')}</Fact>
        <Fact label={t('families.member.sex')}>{label('sex', person.sex)}</Fact>
        <Fact label={t('families.member.pinfl')}>{person.pinfl && <code>{person.pinfl}</code>}</Fact>
        <Fact label={t('families.member.idCard')}>{person.idCard && <code>{person.idCard}</code>}</Fact>
        <Fact label={t('families.member.birthCertificate')}>{person.birthCertificate && <code>{person.birthCertificate}</code>}</Fact>
        <Fact label={t('families.member.documentsHeld')}>{person.documentsHeld.map((kind) => label('document', kind)).join(', ')}</Fact>
        <Fact label={t('families.member.documentsMissing')}>
          {person.documentsMissing.length > 0 && (
            <span className="missing" data-testid="documents-missing">
              {person.documentsMissing.map((kind) => (
                <span key={kind} className="badge badge--danger">
                  {label('document', kind)}
                </span>
              ))}
            </span>
          )}
        </Fact>
        <Fact label={t('families.member.disability')}>
          {person.disability && [label('disability', person.disability.group), person.disability.note].filter(Boolean).join(' · ')}
        </Fact>
        <Fact label={t('families.member.schooling')}>
          {person.schooling &&
            [
              label('schooling', person.schooling.kind),
              person.schooling.institution,
              person.schooling.grade != null && t('families.gradeOf', { grade: person.schooling.grade }),
            ]
              .filter(Boolean)
              .join(' · ')}
        </Fact>
        <Fact label={t('families.member.whereabouts')}>
          <span className={away ? 'whereabouts whereabouts--away' : 'whereabouts'} data-testid="whereabouts">
            {whereaboutsText(t, locale, person)}
          </span>
        </Fact>
      </dl>
      {person.vulnerabilityMarkers.length > 0 && (
        <ul className="markers" aria-label={t('families.member.vulnerability')}>
          {person.vulnerabilityMarkers.map((marker) => (
            <li key={marker} className="marker">
              {label('vulnerability', marker)}
            </li>
          ))}
        </ul>
      )}
      {(onEdit || onMerge) && (
        <div className="member-card__actions">
          {onEdit && (
            <button type="button" className="button button--small" onClick={onEdit} aria-label={t('families.member.editNamed', { name })}>
              {t('common.edit')}
            </button>
          )}
          {onMerge && (
            <button type="button" className="button button--small" onClick={onMerge} aria-label={t('families.merge.personNamed', { name })}>
              {t('families.merge.person')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}

/** One family: the household, each member's key facts, its cases; editing, adding members and merging. */
export function FamilyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const actor = actorOf(useMe());
  const family = useResource(() => familiesApi.get(id), [id]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The registration's message is shown once: a reload of the page does not repeat it.
  const navigate = useNavigate();
  const [arrival] = useState(() => ((location.state as RegisteredState | null)?.registered ? (location.state as RegisteredState) : null));
  useEffect(() => {
    if (arrival) navigate('.', { replace: true, state: null });
  }, [arrival, navigate]);
  const registered = arrival && !notice ? arrival : null;

  // An address that names no family the user may see, or no family at all, is simply not found.
  // A link the user holds to a family outside their reach: someone who works cases may open it with a reason.
  if (family.error instanceof ApiError && family.error.status === 404)
    return <EmergencyNotFound entityType="family" entityId={id} onOpened={family.reload} />;
  if (family.error instanceof ApiError && family.error.status === 400) return <NotFoundPage />;
  if (!family.data) return family.error ? <FormAlert message={errorText(t, family.error)} /> : <Loading />;

  const current = family.data;
  const resource = { type: 'family' as const, organisationId: current.organisationId, districtCode: current.districtCode };
  const editable = !current.mergedInto && can(actor, 'family.update', resource);
  const mergeable = !current.mergedInto && can(actor, 'family.merge', resource);
  const head = headOf(current);
  const title = head ? t('families.family.title', { name: `${head.surname} ${head.givenName}` }) : t('families.family.untitled');
  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    family.reload();
  };

  return (
    <>
      <title>{`${title} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to="/families">{t('nav.families')}</Link>
      </p>
      <div className="section-head">
        <h1>{title}</h1>
        {mergeable && (
          <button
            type="button"
            className="button"
            onClick={() => setDialog({ kind: 'merge', target: { kind: 'family', family: current } })}
          >
            {t('families.merge.family')}
          </button>
        )}
      </div>
      {registered && (
        <StatusMessage>
          <p>{t('families.register.registered')}</p>
        </StatusMessage>
      )}
      {registered && registered.warnings.length > 0 && (
        <div className="notice notice--warning">
          <ul className="problems">
            {registered.warnings.map((warning) => (
              <li key={`${warning.name}:${warning.message}`}>{t('families.register.warning', warning)}</li>
            ))}
          </ul>
        </div>
      )}
      {notice && <StatusMessage>{notice}</StatusMessage>}
      {family.error !== null && <FormAlert message={errorText(t, family.error)} />}
      {current.mergedInto && (
        <div className="notice notice--info">
          <p>{t('families.family.merged')}</p>
          <Link to={`/families/${current.mergedInto}`}>{t('families.family.openMerged')}</Link>
        </div>
      )}

      <section className="card" aria-labelledby="household-title">
        <div className="section-head section-head--tight">
          <h2 id="household-title">{t('families.household.title')}</h2>
          {editable && (
            <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'household' })}>
              {t('families.household.edit')}
            </button>
          )}
        </div>
        <HouseholdFacts family={current} />
      </section>

      <section aria-labelledby="members-title" className="members">
        <div className="section-head section-head--tight">
          <h2 id="members-title">
            {t('families.family.members')} <span className="count">{current.members.length}</span>
          </h2>
          {editable && (
            <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'addMember' })}>
              {t('families.member.addTitle')}
            </button>
          )}
        </div>
        <ul className="member-cards">
          {inFamilyOrder(current.members).map((person) => (
            <li key={person.id}>
              <MemberCard
                person={person}
                onEdit={editable ? () => setDialog({ kind: 'editMember', person }) : undefined}
                onMerge={mergeable ? () => setDialog({ kind: 'merge', target: { kind: 'person', family: current, person } }) : undefined}
              />
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="cases-title">
        <h2 id="cases-title">{t('families.family.cases')}</h2>
        <FamilyCases familyId={current.id} />
      </section>
      <FamilyCare
        familyId={current.id}
        kids={current.members.filter((m) => m.relationship === 'child').map((m) => ({ id: m.id, name: fullName(m) }))}
      />
      <RecordReaders entityId={current.id} />

      {dialog?.kind === 'household' && (
        <Modal title={t('families.household.edit')} onClose={() => setDialog(null)}>
          <HouseholdForm family={current} onSaved={() => done(t('families.household.saved'))} onCancel={() => setDialog(null)} />
        </Modal>
      )}
      {(dialog?.kind === 'addMember' || dialog?.kind === 'editMember') && (
        <Modal
          title={dialog.kind === 'addMember' ? t('families.member.addTitle') : t('families.member.editTitle')}
          onClose={() => setDialog(null)}
        >
          <MemberForm
            familyId={current.id}
            districtCode={current.districtCode}
            person={dialog.kind === 'editMember' ? dialog.person : undefined}
            household={current.members}
            onSaved={(person) =>
              done(
                [
                  dialog.kind === 'addMember'
                    ? t('families.member.added', { name: fullName(person) })
                    : t('families.member.saved', { name: fullName(person) }),
                  ...person.warnings.map((warning) => warning.message),
                ].join(' '),
              )
            }
            onCancel={() => setDialog(null)}
          />
        </Modal>
      )}
      {dialog?.kind === 'merge' && (
        <Modal
          title={dialog.target.kind === 'family' ? t('families.merge.family') : t('families.merge.person')}
          onClose={() => setDialog(null)}
        >
          <MergeForm target={dialog.target} onMerged={done} onCancel={() => setDialog(null)} />
        </Modal>
      )}
    </>
  );
}
