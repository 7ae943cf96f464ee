import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Loading } from './components/Loading.tsx';
import { SignInPage } from './features/auth/SignInPage.tsx';
import { SessionWithOfflineCopy } from './features/offline/OfflineProvider.tsx';
import { ComingSoonPage } from './features/placeholders/ComingSoonPage.tsx';
import { NotFoundPage } from './features/placeholders/NotFoundPage.tsx';
import { SECTIONS } from './features/shell/nav.ts';

// The first visit needs only the sign-in form: the signed-in shell and home page load after it (by then
// usually from the offline precache, which fills while the password is typed).
const AppShell = lazy(() => import('./features/shell/AppShell.tsx').then((module) => ({ default: module.AppShell })));
const HomePage = lazy(() => import('./features/home/HomePage.tsx').then((module) => ({ default: module.HomePage })));
// Administration is for a few users, and families need forms the first screen does not: both load when opened.
const AdminPages = lazy(() => import('./features/admin/AdminPages.tsx'));
const FamiliesPages = lazy(() => import('./features/families/FamiliesPages.tsx'));
const CasesPages = lazy(() => import('./features/cases/CasesPages.tsx'));
const TasksPage = lazy(() => import('./features/tasks/TasksPage.tsx'));
const ReportsPages = lazy(() => import('./features/reports/ReportsPages.tsx'));
const ReferralsPages = lazy(() => import('./features/referrals/ReferralsPages.tsx'));
const DirectoryPage = lazy(() => import('./features/directory/DirectoryPage.tsx'));
const ConflictsPage = lazy(() => import('./features/offline/ConflictsPage.tsx'));
const TransfersPage = lazy(() => import('./features/transfers/TransfersPage.tsx'));
const WorkforcePages = lazy(() => import('./features/workforce/WorkforcePages.tsx'));
const EmergencyPage = lazy(() => import('./features/access/EmergencyPage.tsx'));
const AuditPage = lazy(() => import('./features/audit/AuditPage.tsx'));
const RetentionPage = lazy(() => import('./features/retention/RetentionPage.tsx'));
const CarePages = lazy(() => import('./features/care/CarePages.tsx'));
const TracingPages = lazy(() => import('./features/tracing/TracingPages.tsx'));
const SecurityPage = lazy(() => import('./features/security/SecurityPage.tsx'));
const RemindersPage = lazy(() => import('./features/reminders/RemindersPage.tsx'));
const OutboxPage = lazy(() => import('./features/offline/OutboxPage.tsx').then((module) => ({ default: module.OutboxPage })));

const BUILT: readonly string[] = [
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
];

export function App() {
  return (
    <SessionWithOfflineCopy>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route
            element={
              <Suspense fallback={<Loading />}>
                <AppShell />
              </Suspense>
            }
          >
            <Route
              index
              element={
                <Suspense fallback={<Loading />}>
                  <HomePage />
                </Suspense>
              }
            />
            <Route
              path="families/*"
              element={
                <Suspense fallback={<Loading />}>
                  <FamiliesPages />
                </Suspense>
              }
            />
            <Route
              path="cases/*"
              element={
                <Suspense fallback={<Loading />}>
                  <CasesPages />
                </Suspense>
              }
            />
            <Route
              path="tasks"
              element={
                <Suspense fallback={<Loading />}>
                  <TasksPage />
                </Suspense>
              }
            />
            <Route
              path="referrals/*"
              element={
                <Suspense fallback={<Loading />}>
                  <ReferralsPages />
                </Suspense>
              }
            />
            <Route
              path="workforce/*"
              element={
                <Suspense fallback={<Loading />}>
                  <WorkforcePages />
                </Suspense>
              }
            />
            <Route
              path="transfers"
              element={
                <Suspense fallback={<Loading />}>
                  <TransfersPage />
                </Suspense>
              }
            />
            <Route
              path="care/*"
              element={
                <Suspense fallback={<Loading />}>
                  <CarePages />
                </Suspense>
              }
            />
            <Route
              path="tracing/*"
              element={
                <Suspense fallback={<Loading />}>
                  <TracingPages />
                </Suspense>
              }
            />
            <Route
              path="directory"
              element={
                <Suspense fallback={<Loading />}>
                  <DirectoryPage />
                </Suspense>
              }
            />
            <Route
              path="security"
              element={
                <Suspense fallback={<Loading />}>
                  <SecurityPage />
                </Suspense>
              }
            />
            <Route
              path="reminders"
              element={
                <Suspense fallback={<Loading />}>
                  <RemindersPage />
                </Suspense>
              }
            />
            <Route
              path="sync/outbox"
              element={
                <Suspense fallback={<Loading />}>
                  <OutboxPage />
                </Suspense>
              }
            />
            <Route
              path="sync/conflicts"
              element={
                <Suspense fallback={<Loading />}>
                  <ConflictsPage />
                </Suspense>
              }
            />
            <Route
              path="access"
              element={
                <Suspense fallback={<Loading />}>
                  <EmergencyPage />
                </Suspense>
              }
            />
            <Route
              path="audit"
              element={
                <Suspense fallback={<Loading />}>
                  <AuditPage />
                </Suspense>
              }
            />
            <Route
              path="retention"
              element={
                <Suspense fallback={<Loading />}>
                  <RetentionPage />
                </Suspense>
              }
            />
            <Route
              path="reports/*"
              element={
                <Suspense fallback={<Loading />}>
                  <ReportsPages />
                </Suspense>
              }
            />
            {SECTIONS.filter((section) => !BUILT.includes(section)).map((section) => (
              <Route key={section} path={section} element={<ComingSoonPage section={section} />} />
            ))}
            <Route
              path="admin/*"
              element={
                <Suspense fallback={<Loading />}>
                  <AdminPages />
                </Suspense>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionWithOfflineCopy>
  );
}
