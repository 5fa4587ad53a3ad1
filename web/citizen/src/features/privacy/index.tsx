// The privacy feature of the citizen app: the policy and its versions, the first-use sheet and re-consent pop-up
// (Overlay), 隐私设置, the published lists, and the per-purpose ConsentSheet other features use.
//
// CONTRACT for other features (see ConsentSheet.tsx for the full comment):
//   ensureConsent(purposeId, { permission?, necessityZh?, degradedZh? }) → Promise<boolean>
//   useConsent(purposeId) → { loading, effective, item, ensure(opts?), withdraw() }
//   isConsentRequired(problemBody) → true for the server's 403 `consent-required` (body.purpose says what to ask)
//   requestDevicePermission('location' | 'camera' | 'microphone' | 'photos') — only after the consent
import './strings.ts';
import type { Feature } from '../types.ts';
import { PrivacyPage } from './PrivacyPage.tsx';
import { PolicyOverlay } from './PolicyOverlay.tsx';
import { SettingsPage } from './SettingsPage.tsx';
import { CollectionListPage, SdkListPage, SharingListPage } from './ListsPages.tsx';
import { usePolicyStatus } from './store.ts';

export { ConsentSheet, ensureConsent, useConsent, isConsentRequired } from './ConsentSheet.tsx';
export { requestDevicePermission, refreshStatus as refreshPolicyStatus, type ConsentRequestOptions, type DevicePermission } from './store.ts';

/** PP-6.1: the red dot on 我的 → 隐私政策 until the version in force is read/agreed. */
function usePolicyBadge() {
  const s = usePolicyStatus();
  return !!s && !s.read;
}

export const feature: Feature = {
  name: 'privacy',
  routes: [
    { path: '/privacy', tab: 'me', titleKey: 'privacyCenter.titles.policy', back: true, render: () => <PrivacyPage /> },
    { path: '/privacy/versions/:version', tab: 'me', titleKey: 'privacyCenter.titles.version', back: true, render: (p) => <PrivacyPage version={Number(p.version) || 1} /> },
    { path: '/privacy/settings', tab: 'me', titleKey: 'privacyCenter.titles.settings', back: true, render: () => <SettingsPage /> },
    { path: '/privacy/collection-list', tab: 'me', titleKey: 'privacyCenter.titles.collection', back: true, render: () => <CollectionListPage /> },
    { path: '/privacy/sharing-list', tab: 'me', titleKey: 'privacyCenter.titles.sharing', back: true, render: () => <SharingListPage /> },
    { path: '/privacy/sdk-list', tab: 'me', titleKey: 'privacyCenter.titles.sdk', back: true, render: () => <SdkListPage /> },
  ],
  meEntries: [
    { key: 'privacy-settings', titleKey: 'privacyCenter.me.settings', path: '/privacy/settings', group: 'privacy', order: 100 },
    { key: 'privacy-collection-list', titleKey: 'privacyCenter.me.collection', path: '/privacy/collection-list', group: 'privacy', order: 110 },
    { key: 'privacy-sharing-list', titleKey: 'privacyCenter.me.sharing', path: '/privacy/sharing-list', group: 'privacy', order: 120 },
    { key: 'privacy-sdk-list', titleKey: 'privacyCenter.me.sdk', path: '/privacy/sdk-list', group: 'privacy', order: 130 },
    { key: 'privacy-policy', titleKey: 'privacyCenter.me.policy', path: '/privacy', group: 'about', order: 900, useBadge: usePolicyBadge },
  ],
  Overlay: PolicyOverlay,
};
