import { type LocalisedText, type RiskLevel, readinessOfRisk } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { caseFor } from '../cases/access.ts';
import { type Block, type CaseFileDocument, type Field, renderCaseFile } from './render.ts';
import * as repo from './repo.ts';

const NAME_COLUMNS = { 'uz-Latn': 'name_uz_latn', 'uz-Cyrl': 'name_uz_cyrl', ru: 'name_ru', en: 'name_en', kaa: 'name_kaa' } as const;

/** DD.MM.YYYY, as dates are written in Uzbekistan; a moment is shown as its day in Tashkent. */
function day(value: string | Date | null | undefined): string | null {
  if (!value) return null;
  const iso = typeof value === 'string' ? value.slice(0, 10) : new Date(value.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/**
 * The printable case file of a case the reader may see (404 otherwise): the case, the family and its
 * members, assessments, the plan, referrals and contacts, in the reader's language. The read is recorded
 * as a read of personal data, in the same transaction as the reads.
 */
export async function caseFile(ctx: RequestContext, caseId: string): Promise<{ name: string; data: Buffer }> {
  const t = translator(ctx.locale);
  const content = await withTx(ctx.db, async (trx) => {
    const row = await caseFor(ctx, trx, caseId, 'case.read');
    const [family, members, assessments, plan, referrals, contacts, users] = await Promise.all([
      repo.familyOf(trx, row.family_id, NAME_COLUMNS[ctx.locale]),
      repo.membersOf(trx, row.family_id),
      repo.assessmentsOf(trx, row.id),
      repo.planOf(trx, row.id),
      repo.referralsOf(trx, row.id),
      repo.contactsOf(trx, row.id),
      repo.userNames(trx, [row.assigned_user_id, row.supervisor_id, ctx.actor.id]),
    ]);
    await audit(trx, ctx, 'case.file', { type: 'case', id: row.id }, { format: 'pdf' });
    return { row, family, members, assessments, plan, referrals, contacts, users };
  });
  const { row, family, members, assessments, plan, referrals, contacts, users } = content;
  const code = (group: string, value: string | null | undefined) =>
    value ? t(`casefile.${group}.${value}`, { defaultValue: value }) : null;
  const label = (key: string) => t(`casefile.fields.${key}`);
  const none: Block = { kind: 'none', text: t('casefile.none') };
  const risk = (value: string | null | undefined) => (value ? t(`reports.columns.${value}`) : null);

  const caseFields: Field[] = [
    [label('number'), row.number],
    [label('status'), code('status', row.status)],
    [label('risk'), risk(row.risk_level)],
    [label('urgency'), code('urgency', row.urgency)],
    [label('opened'), day(row.opened_at)],
    [label('closed'), day(row.closed_at)],
    [label('closure'), row.closure_reason ? `${t(`reports.columns.${row.closure_reason}`)}. ${row.closure_outcome ?? ''}` : null],
    [label('worker'), row.assigned_user_id ? (users.get(row.assigned_user_id) ?? null) : null],
    [label('supervisor'), row.supervisor_id ? (users.get(row.supervisor_id) ?? null) : null],
    [label('source'), t(`reports.columns.${row.identification_source}`, { defaultValue: row.identification_source })],
    [label('reason'), row.reason],
  ];
  const familyFields: Field[] = family
    ? [
        [label('district'), family.district_name],
        [label('mahalla'), family.mahalla_name],
        [label('address'), family.address],
        [label('phones'), family.phones.join(', ')],
      ]
    : [];
  const memberBlocks: Block[] = members.map((person) => ({
    kind: 'item',
    heading: [person.surname, person.given_name, person.patronymic].filter(Boolean).join(' '),
    fields: [
      [label('birthDate'), day(person.birth_date) ?? (person.birth_year ? String(person.birth_year) : null)],
      [label('sex'), code('sex', person.sex)],
      [label('relationship'), code('relationship', person.relationship)],
      [
        label('whereabouts'),
        [code('whereabouts', person.whereabouts_status), person.whereabouts_country].filter(Boolean).join(', ') || null,
      ],
    ],
  }));
  const assessmentBlocks: Block[] = assessments.map((a) => {
    const titles = (a.definition as { title?: LocalisedText }).title;
    const title = titles?.[ctx.locale] ?? titles?.['uz-Latn'];
    return {
      kind: 'item',
      heading: `${title ?? label('instrument')} — ${code('status', a.status)}`,
      fields: [
        [label('submitted'), day(a.submitted_at)],
        // A readiness assessment says how ready the family is for a child's return, not the family's risk.
        (a.definition as { kind?: string }).kind === 'readiness'
          ? [label('readiness'), code('readiness', a.computed_risk && readinessOfRisk(a.computed_risk as RiskLevel))]
          : [label('risk'), risk(a.override_risk ?? a.computed_risk)],
        [label('override'), a.override_risk ? `${risk(a.computed_risk)} → ${risk(a.override_risk)}: ${a.override_reason ?? ''}` : null],
      ],
    };
  });
  const planBlocks: Block[] = plan
    ? [
        {
          kind: 'fields',
          fields: [
            [label('revision'), `${plan.revision} — ${code('status', plan.status)}`],
            [label('reviewDate'), day(plan.review_date)],
            [label('summary'), plan.summary],
          ],
        },
        ...plan.goals.map(
          (goal): Block => ({
            kind: 'item',
            heading: `${label('goal')}: ${goal.title} (${day(goal.target_date)})`,
            fields: goal.actions.map(
              (action): Field => [
                `${day(action.due_date)} · ${code('status', action.status)}`,
                [action.what, action.organisation_name].filter(Boolean).join(' — '),
              ],
            ),
          }),
        ),
      ]
    : [none];
  const referralBlocks: Block[] = referrals.map((r) => ({
    kind: 'item',
    heading: `${r.to_name}${r.service_name ? ` — ${r.service_name}` : ''}`,
    fields: [
      [label('sent'), day(r.sent_at)],
      [label('status'), code('status', r.status)],
      [label('urgency'), code('urgency', r.urgency)],
      [label('reason'), r.reason],
      [label('outcome'), r.outcome ?? r.decline_reason],
    ],
  }));
  const contactBlocks: Block[] = contacts.map((c) => ({
    kind: 'item',
    heading: `${day(c.date)} — ${code('contact', c.kind)}`,
    fields: [[label('participants'), c.participants.join(', ')]],
    text: c.text,
  }));
  const surname = members.find((m) => m.relationship === 'head')?.surname ?? members[0]?.surname ?? '';
  const document: CaseFileDocument = {
    title: `${t('casefile.title')} ${row.number}`,
    subtitle: [surname, family?.district_name].filter(Boolean).join(', '),
    confidential: t('casefile.confidential'),
    printed: t('casefile.printed', { date: day(new Date()), user: users.get(ctx.actor.id) ?? '' }),
    sections: [
      { title: t('casefile.sections.case'), blocks: [{ kind: 'fields', fields: caseFields }] },
      { title: t('casefile.sections.family'), blocks: [{ kind: 'fields', fields: familyFields }] },
      { title: t('casefile.sections.members'), blocks: memberBlocks.length ? memberBlocks : [none] },
      { title: t('casefile.sections.assessments'), blocks: assessmentBlocks.length ? assessmentBlocks : [none] },
      { title: t('casefile.sections.plan'), blocks: planBlocks },
      { title: t('casefile.sections.referrals'), blocks: referralBlocks.length ? referralBlocks : [none] },
      { title: t('casefile.sections.contacts'), blocks: contactBlocks.length ? contactBlocks : [none] },
    ],
  };
  return { name: `hamkor-case-${row.number}.pdf`, data: await renderCaseFile(document) };
}
