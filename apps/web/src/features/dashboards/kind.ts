import { type Actor, can, type DashboardKind } from '@hamkor/domain';

/**
 * The dashboard a user's work calls for: a supervisor's team first, then a worker's own caseload, then the
 * figures of a territory (administrators, managers, analysts). An administrator has no caseload of their own.
 */
export function dashboardFor(actor: Actor): DashboardKind | null {
  const may = (kind: DashboardKind) => can(actor, 'dashboard.read', { type: 'dashboard', kind });
  if (may('supervisor')) return 'supervisor';
  if (may('worker') && !actor.roles.includes('system_admin')) return 'worker';
  if (may('manager')) return 'manager';
  return null;
}
