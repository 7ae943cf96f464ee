import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { CareHistoryPage } from './CareHistory.tsx';
import { PlacementsPage } from './PlacementsPage.tsx';

/** Children in care: the list within reach, and each child's care history. */
export default function CarePages() {
  return (
    <Routes>
      <Route index element={<PlacementsPage />} />
      <Route path="persons/:id" element={<CareHistoryPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
