import { type Actor, mayEver } from '@hamkor/domain';

/** The sections of the case work, in menu order, each at /<section>. */
export const SECTIONS = [
  'families',
  'cases',
  'tasks',
  'referrals',
  'transfers',
  'care',
  'tracing',
  'directory',
  'reports',
  'workforce',
] as const;
export type Section = (typeof SECTIONS)[number];

/** Whether a section is offered to the actor; those not built yet are shown to everyone as coming soon. */
export function mayOpenSection(actor: Actor, section: Section): boolean {
  if (section === 'families') return mayEver(actor, 'family.read');
  if (section === 'cases' || section === 'tasks') return mayEver(actor, 'case.read');
  if (section === 'reports') return mayEver(actor, 'report.read');
  if (section === 'referrals') return mayEver(actor, 'referral.send') || mayEver(actor, 'referral.respond');
  if (section === 'transfers') return mayEver(actor, 'transfer.respond');
  if (section === 'directory') return mayEver(actor, 'service.read');
  if (section === 'care') return mayEver(actor, 'care.read');
  if (section === 'tracing') return mayEver(actor, 'tracing.read');
  // Staff see their own profile and sessions; heads of centres and supervisors their organisation's.
  if (section === 'workforce') return mayEver(actor, 'staff.create') || mayEver(actor, 'case.read') || mayEver(actor, 'report.read');
  return true;
}

/** Administration is offered to whoever may manage at least one kind of reference data. */
export function mayAdminister(actor: Actor): boolean {
  return mayEver(actor, 'organisation.create') || mayEver(actor, 'user.create') || mayEver(actor, 'mahalla.manage');
}
