import { mayEver } from '@hamkor/domain';
import { Route, Routes } from 'react-router';
import { actorOf, useMe } from '../auth/session.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { FamilyPage } from './FamilyPage.tsx';
import { ImportPage } from './ImportPage.tsx';
import { RegisterFamilyPage } from './RegisterFamilyPage.tsx';
import { SearchPage } from './SearchPage.tsx';

/** The Families section, loaded when first opened. Who may not work with families finds nothing here. */
export default function FamiliesPages() {
  const actor = actorOf(useMe());
  if (!mayEver(actor, 'family.read')) return <NotFoundPage />;
  return (
    <Routes>
      <Route index element={<SearchPage />} />
      <Route path="new" element={mayEver(actor, 'family.create') ? <RegisterFamilyPage /> : <NotFoundPage />} />
      <Route path="import" element={mayEver(actor, 'import.run') ? <ImportPage /> : <NotFoundPage />} />
      <Route path=":id" element={<FamilyPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
