import { mayEver } from '@hamkor/domain';
import { Route, Routes } from 'react-router';
import { AssessmentPage } from '../assessments/AssessmentPage.tsx';
import { HistoryPage } from '../assessments/HistoryPage.tsx';
import { actorOf, useMe } from '../auth/session.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { PlanHistoryPage } from '../plans/PlanHistoryPage.tsx';
import { PlanPage } from '../plans/PlanPage.tsx';
import { ApprovalsPage } from './ApprovalsPage.tsx';
import { CaseloadPage } from './CaseloadPage.tsx';
import { CasePage } from './CasePage.tsx';
import { OpenCasePage } from './OpenCasePage.tsx';

/** The Cases section, loaded when first opened: the caseload, one case, opening a case, approvals, assessments. */
export default function CasesPages() {
  const actor = actorOf(useMe());
  if (!mayEver(actor, 'case.read')) return <NotFoundPage />;
  return (
    <Routes>
      <Route index element={<CaseloadPage />} />
      <Route path="new" element={mayEver(actor, 'case.create') ? <OpenCasePage /> : <NotFoundPage />} />
      <Route path="approvals" element={mayEver(actor, 'case.approve') ? <ApprovalsPage /> : <NotFoundPage />} />
      <Route path=":id" element={<CasePage />} />
      <Route path=":caseId/assessments" element={<HistoryPage />} />
      <Route path=":caseId/assessments/:id" element={<AssessmentPage />} />
      <Route path=":caseId/plans" element={<PlanHistoryPage />} />
      <Route path=":caseId/plans/:id" element={<PlanPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
