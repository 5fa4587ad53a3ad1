// The security officer's / privacy office's incident pages (permission privacy.incidents; PP-3.5, LAW-8).
import type { ConsoleFeature } from '../types.ts';
import { IncidentsPage } from './IncidentsPage.tsx';
import { IncidentPage } from './IncidentPage.tsx';
import './strings.ts';

export const feature: ConsoleFeature = {
  name: 'incidents',
  pages: [
    { path: 'incidents', labelKey: 'incidentsOffice.menu', group: 'privacy', permission: 'privacy.incidents', order: 450, render: () => <IncidentsPage /> },
    { path: 'incidents/:id', group: 'privacy', permission: 'privacy.incidents', order: 451, render: (p) => <IncidentPage id={p.id!} /> },
  ],
};
