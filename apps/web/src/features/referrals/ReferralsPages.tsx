import { mayEver } from '@hamkor/domain';
import { Route, Routes } from 'react-router';
import { actorOf, useMe } from '../auth/session.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { ReferralFormPage } from './ReferralForm.tsx';
import { ReferralPage } from './ReferralPage.tsx';
import { ReferralsPage } from './ReferralsPage.tsx';

/** The Referrals section: the inbox and outbox, one referral, and sending one. */
export default function ReferralsPages() {
  const actor = actorOf(useMe());
  if (!mayEver(actor, 'referral.send') && !mayEver(actor, 'referral.respond')) return <NotFoundPage />;
  return (
    <Routes>
      <Route index element={<ReferralsPage />} />
      <Route path="new" element={mayEver(actor, 'referral.send') ? <ReferralFormPage /> : <NotFoundPage />} />
      <Route path=":id" element={<ReferralPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
