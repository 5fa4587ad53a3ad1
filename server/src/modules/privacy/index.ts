// The privacy module: PI inventory as code, consent records, the purpose guard every other module calls before it
// touches PI, and the published collection / sharing / SDK lists.
import type { AppModule } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createConsentService, createPurposeGuard, type ConsentService, type PurposeGuard } from './consent.service.ts';
import { inventory, type Inventory } from './lists.ts';
import { privacyRoutes } from './routes.ts';

export { PRIVACY_PROBLEMS, subjectOf, type Subject, type ConsentRecord } from './consent.service.ts';
export { DEVICE_ID_HEADER } from './routes.ts';
export { collectionList, sharingList, sdkList, sharingDeclarations } from './lists.ts';
export { purposeById, type Purpose } from './inventory/purposes.ts';

export interface PrivacyModule {
  module: AppModule;
  consents: ConsentService;
  guard: PurposeGuard;
  inventory: Inventory;
}

export function createPrivacyModule(deps: { database: Database; clock: Clock }): PrivacyModule {
  const consents = createConsentService(deps);
  const guard = createPurposeGuard(consents);
  return {
    module: {
      name: 'privacy',
      tag: { name: 'privacy', description: '个人信息保护: consent records, purpose guard, published collection/sharing/SDK lists' },
      routes: privacyRoutes(consents),
    },
    consents,
    guard,
    inventory,
  };
}
