// The realname feature: 我的 → 实名认证 (three routes), the result page and guardian linking (issue #4 §5, §8, §10).
import type { Feature } from '../types.ts';
import './strings.ts';
import { RealnamePage } from './RealnamePage.tsx';
import { CardPage, FacePage, IdCheckPage } from './Forms.tsx';
import { ResultPage } from './ResultPage.tsx';
import { GuardianPage } from './GuardianPage.tsx';

/** the liveness capture (action challenge, camera, one still per prompted action) shared with identity's face
 * sign-in and face step-up */
export { FaceCapture, type LivenessCapture } from './FaceCapture.tsx';

export const feature: Feature = {
  name: 'realname',
  routes: [
    { path: '/me/realname', tab: 'me', titleKey: 'realname.title', back: true, render: () => <RealnamePage /> },
    { path: '/me/realname/id', tab: 'me', titleKey: 'realname.idTitle', back: true, render: () => <IdCheckPage /> },
    { path: '/me/realname/face', tab: 'me', titleKey: 'realname.faceTitle', back: true, render: () => <FacePage /> },
    { path: '/me/realname/card', tab: 'me', titleKey: 'realname.cardTitle', back: true, render: () => <CardPage /> },
    { path: '/me/realname/result', tab: 'me', titleKey: 'realname.resultTitle', back: true, render: () => <ResultPage /> },
    { path: '/me/guardian', tab: 'me', titleKey: 'realname.guardianTitle', back: true, render: () => <GuardianPage /> },
  ],
  meEntries: [
    { key: 'realname', titleKey: 'realname.entry', path: '/me/realname', group: 'account', order: 200 },
    { key: 'guardian', titleKey: 'realname.guardianEntry', path: '/me/guardian', group: 'account', order: 210 },
  ],
};
