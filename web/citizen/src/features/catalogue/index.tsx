// The catalogue feature of the citizen app: 首页 and 办事 tabs, categories, 区县专区, item details with tap-to-call,
// halls (nearby with consent), 我的收藏 and 我的服务.
import './strings.ts';
import type { Feature } from '../types.ts';
import { CategoryPage } from './CategoryPage.tsx';
import { DistrictPage } from './DistrictPage.tsx';
import { HallsPage } from './HallsPage.tsx';
import { Home } from './Home.tsx';
import { ItemPage } from './ItemPage.tsx';
import { FavouritesPage, HandlingPage } from './MinePages.tsx';
import { Services } from './Services.tsx';

export const feature: Feature = {
  name: 'catalogue',
  routes: [
    { path: '/', tab: 'home', render: () => <Home /> },
    { path: '/services', tab: 'services', titleKey: 'catalogue.titles.services', render: () => <Services /> },
    { path: '/services/category/:id', tab: 'services', titleKey: 'catalogue.titles.category', back: true, render: (p) => <CategoryPage id={p.id!} /> },
    { path: '/services/district/:code', tab: 'services', titleKey: 'catalogue.titles.district', back: true, render: (p) => <DistrictPage code={p.code!} /> },
    { path: '/services/item/:code', tab: 'services', titleKey: 'catalogue.titles.item', back: true, render: (p) => <ItemPage key={p.code} code={p.code!} /> },
    { path: '/services/halls', tab: 'services', titleKey: 'catalogue.titles.halls', back: true, render: () => <HallsPage /> },
    { path: '/me/favourites', tab: 'me', titleKey: 'catalogue.titles.favourites', back: true, render: () => <FavouritesPage /> },
    { path: '/me/services', tab: 'me', titleKey: 'catalogue.titles.handling', back: true, render: () => <HandlingPage /> },
  ],
  meEntries: [
    { key: 'catalogue-handling', titleKey: 'catalogue.me.handling', path: '/me/services', group: 'services', order: 10 },
    { key: 'catalogue-favourites', titleKey: 'catalogue.me.favourites', path: '/me/favourites', group: 'services', order: 20 },
  ],
};
