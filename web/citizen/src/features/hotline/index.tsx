// 12345 in the citizen app: submit (诉求 and the two mailboxes), my requests, detail with timeline, rating and 重办.
import type { Feature } from '../types.ts';
import { queryParam } from '../../../../shared/router.ts';
import { SubmitPage } from './SubmitPage.tsx';
import { MyRequestsPage, RequestDetailPage } from './TrackPages.tsx';
import './strings.ts';

export const feature: Feature = {
  name: 'hotline',
  routes: [
    { path: '/hotline', tab: 'me', titleKey: 'hotline.mine', back: true, render: () => <MyRequestsPage /> },
    // the catalogue links 给市长写信 as /hotline/new?channel=mayor (and county mailboxes with channel=county)
    { path: '/hotline/new', tab: 'me', titleKey: 'hotline.submit', back: true, render: () => <SubmitPage letter={!!queryParam('channel')} /> },
    { path: '/hotline/letter', tab: 'me', titleKey: 'hotline.letter', back: true, render: () => <SubmitPage letter /> },
    { path: '/hotline/requests/:id', tab: 'me', titleKey: 'hotline.detail', back: true, render: (p) => <RequestDetailPage id={p.id!} /> },
  ],
  meEntries: [{ key: 'hotline', titleKey: 'hotline.mine', path: '/hotline', group: 'services', order: 30 }],
};
