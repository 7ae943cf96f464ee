import { actorOf, useMe } from '../auth/session.tsx';
import { dashboardFor } from './kind.ts';
import { ManagerDashboard } from './ManagerDashboard.tsx';
import { SupervisorDashboard } from './SupervisorDashboard.tsx';
import { WorkerDashboard } from './WorkerDashboard.tsx';
import './dashboards.css';

/** The home page's dashboard, by the user's role; loaded after the first screen, in its own chunk. */
export default function RoleDashboard() {
  const kind = dashboardFor(actorOf(useMe()));
  if (kind === 'supervisor') return <SupervisorDashboard />;
  if (kind === 'worker') return <WorkerDashboard />;
  if (kind === 'manager') return <ManagerDashboard />;
  return null;
}
