import { z } from 'zod';
import { id, int32, line, nonEmptyLine, text, version } from '../schemas/common.ts';
import { choice, isoDate, optional, pastDate } from '../schemas/person.ts';

/**
 * The social service workforce: staff profiles (with or without an account), trainings and their
 * participants, supervision sessions. Codes are translated by the web (`workforce.*`).
 */
export const TRAINING_TOPICS = [
  'case_management',
  'assessment_risk',
  'service_planning',
  'child_protection',
  'ethics_confidentiality',
  'migrant_families',
  'disability',
  'supervision',
] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

export const SUPERVISION_TOPICS = ['casework', 'ethics', 'workload', 'wellbeing'] as const;
export const DEGREE_FIELDS = ['social_work', 'other'] as const;
/** Languages a worker can work in. */
export const STAFF_LANGUAGES = ['uz', 'ru', 'kaa', 'tg', 'kk', 'ky', 'tk', 'en'] as const;

/** How far back a supervision counts for "supervised recently", and how far ahead an expiring certificate. */
export const SUPERVISED_WITHIN_MONTHS = 3;
export const CERTIFICATE_WARNING_DAYS = 90;

const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item, { error: 'invalid' })
    .max(max, { error: 'too_many' })
    .refine((values) => new Set(values).size === values.length, { error: 'duplicate' });

const degree = z.object({
  field: choice(DEGREE_FIELDS),
  institution: nonEmptyLine(200),
  year: int32('invalid').min(1950, { error: 'invalid' }).max(2100, { error: 'invalid' }),
});
const diploma = z.object({ number: nonEmptyLine(50), date: pastDate });

/** What a staff profile holds, as it is edited. */
const profileFields = {
  position: optional(line(120)),
  degree: degree.nullish(),
  diploma: diploma.nullish(),
  languages: uniqueList(choice(STAFF_LANGUAGES), STAFF_LANGUAGES.length).default([]),
};

export const staffProfileUpdate = z.object({ version, ...profileFields });
export type StaffProfileUpdate = z.infer<typeof staffProfileUpdate>;

/** A trainee without an account, recorded by their organisation. */
export const staffCreate = z.object({ displayName: nonEmptyLine(120), organisationId: id.nullish(), ...profileFields });
export type StaffCreate = z.infer<typeof staffCreate>;

export const staffParams = z.object({ userId: id });
export const staffQuery = z.object({ organisationId: id.optional() });

export const trainingRecordOut = z.object({
  eventId: z.uuid(),
  title: z.string(),
  topics: z.array(z.string()),
  endDate: z.string(),
  attended: z.boolean(),
  certificateNumber: z.string().nullable(),
  certificateExpiry: z.string().nullable(),
});

export const staffProfileOut = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  displayName: z.string(),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  position: z.string().nullable(),
  degree: z.object({ field: z.enum(DEGREE_FIELDS), institution: z.string(), year: z.number().int() }).nullable(),
  diploma: z.object({ number: z.string(), date: z.string() }).nullable(),
  languages: z.array(z.string()),
  trainings: z.array(trainingRecordOut),
  /** Cases the person works now (account holders only). */
  openCases: z.number().int(),
  lastSupervised: z.string().nullable(),
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type StaffProfileOut = z.infer<typeof staffProfileOut>;
export const staffListOut = z.object({ items: z.array(staffProfileOut) });

/** A course of the catalogue: new with its fields, or one already there by id. */
const courseIn = z.object({
  title: nonEmptyLine(200),
  topics: uniqueList(choice(TRAINING_TOPICS), TRAINING_TOPICS.length).refine((values) => values.length > 0, { error: 'required' }),
  hours: int32('invalid').min(1, { error: 'invalid' }).max(2000, { error: 'invalid' }),
  organiser: nonEmptyLine(200),
});

export const trainingCreate = z
  .object({
    courseId: id.nullish(),
    course: courseIn.nullish(),
    startDate: isoDate,
    endDate: isoDate,
    place: nonEmptyLine(200),
    trainers: uniqueList(nonEmptyLine(120), 20).default([]),
  })
  .refine((value) => !!value.courseId !== !!value.course, { error: 'course_required', path: ['courseId'] })
  .refine((value) => value.startDate <= value.endDate, { error: 'invalid', path: ['endDate'] });
export type TrainingCreate = z.infer<typeof trainingCreate>;

const score = optional(int32('invalid').min(0, { error: 'invalid' }).max(100, { error: 'invalid' }));

/** A participant: someone on the staff list, or a new trainee by name. */
export const participantIn = z
  .object({
    staffId: id.nullish(),
    name: optional(nonEmptyLine(120)),
    attended: z.boolean({ error: 'invalid' }).default(true),
    preScore: score,
    postScore: score,
    certificateNumber: optional(line(50)),
    certificateExpiry: optional(isoDate),
  })
  .refine((value) => !!value.staffId !== !!value.name, { error: 'participant_required', path: ['staffId'] });
export type ParticipantIn = z.infer<typeof participantIn>;
export const participantsAdd = z.object({
  participants: z.array(participantIn, { error: 'invalid' }).min(1, { error: 'required' }).max(500, { error: 'too_many' }),
});
export type ParticipantsAdd = z.infer<typeof participantsAdd>;
export const participantsQuery = z.object({
  dryRun: z
    .enum(['true', 'false'], { error: 'choice' })
    .default('false')
    .transform((v) => v === 'true'),
});

/** The columns of a participants sheet (the header row names them; order does not matter). */
export const PARTICIPANT_COLUMNS = ['name', 'attended', 'pre_score', 'post_score', 'certificate_number', 'certificate_expiry'] as const;

export const participantOut = z.object({
  staffId: z.uuid(),
  displayName: z.string(),
  organisationName: z.string(),
  attended: z.boolean(),
  preScore: z.number().nullable(),
  postScore: z.number().nullable(),
  certificateNumber: z.string().nullable(),
  certificateExpiry: z.string().nullable(),
});

export const trainingOut = z.object({
  id: z.uuid(),
  course: z.object({ id: z.uuid(), title: z.string(), topics: z.array(z.string()), hours: z.number().int(), organiser: z.string() }),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  startDate: z.string(),
  endDate: z.string(),
  place: z.string(),
  trainers: z.array(z.string()),
  participants: z.array(participantOut),
  /** Averages of the scores given, to one decimal; null when none. */
  preScoreAverage: z.number().nullable(),
  postScoreAverage: z.number().nullable(),
  canManage: z.boolean(),
});
export type TrainingOut = z.infer<typeof trainingOut>;
export const trainingsOut = z.object({
  items: z.array(trainingOut),
  courses: z.array(trainingOut.shape.course),
});
export const trainingParams = z.object({ id });

/** What a participants upload or list would do (a dry run writes nothing). */
export const participantsReportOut = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  matched: z.number().int(),
  created: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), code: z.string(), message: z.string() })),
  training: trainingOut.nullable(),
});

const action = z.object({
  title: nonEmptyLine(200),
  assigneeId: id.nullish(),
  dueDate: optional(isoDate),
  /** A case discussed; the action becomes a task on it. */
  caseId: id.nullish(),
});

export const supervisionCreate = z
  .object({
    workerIds: uniqueList(id, 30).refine((values) => values.length > 0, { error: 'required' }),
    date: pastDate,
    minutes: int32('invalid').min(1, { error: 'invalid' }).max(600, { error: 'invalid' }),
    caseIds: uniqueList(id, 50).default([]),
    topics: uniqueList(choice(SUPERVISION_TOPICS), SUPERVISION_TOPICS.length).default([]),
    notes: text(10000).default(''),
    actions: z.array(action, { error: 'invalid' }).max(30, { error: 'too_many' }).default([]),
  })
  .superRefine((value, ctx) => {
    value.actions.forEach((item, index) => {
      if (item.caseId && !value.caseIds.includes(item.caseId))
        ctx.addIssue({ code: 'custom', message: 'case_not_discussed', path: ['actions', index, 'caseId'], input: item.caseId });
    });
  });
export type SupervisionCreate = z.infer<typeof supervisionCreate>;
export const supervisionQuery = z.object({ workerId: id.optional() });

const personRef = z.object({ id: z.uuid(), displayName: z.string() });
export const supervisionOut = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  supervisor: personRef,
  workers: z.array(personRef),
  date: z.string(),
  minutes: z.number().int(),
  topics: z.array(z.string()),
  cases: z.array(z.object({ id: z.uuid(), number: z.string() })),
  notes: z.string(),
  actions: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      assignee: personRef.nullable(),
      dueDate: z.string().nullable(),
      caseId: z.uuid().nullable(),
      taskId: z.uuid().nullable(),
    }),
  ),
});
export type SupervisionOut = z.infer<typeof supervisionOut>;
export const supervisionsOut = z.object({ items: z.array(supervisionOut) });

/** Who may take a case, with their open caseload and the trainings that fit it. */
export const assigneesOut = z.object({
  /** Topics the case calls for (a child with a disability → disability). */
  relevantTopics: z.array(z.string()),
  items: z.array(
    z.object({
      id: z.uuid(),
      displayName: z.string(),
      openCases: z.number().int(),
      topics: z.array(z.string()),
      relevant: z.array(z.string()),
    }),
  ),
});
export type AssigneesOut = z.infer<typeof assigneesOut>;
export const assigneesParams = z.object({ id });
