// The promotions module: joint promotions with a third party (PP-2.4) — activity pages announcing the co-organiser and
// exactly the information it receives, joining by an explicit consent tap, leaving, and the hand-over to the
// co-organiser through the sharing ledger with the announced elements only. Other modules import from here only:
//   const promotions = createPromotionsModule({ database, clock, audit, guard, consents, sharing, accounts });
//   modules.push(promotions.module);
//   privacy.consents.onWithdrawn(promotions.onWithdrawn);   // PP-4.4
// The sharing service must know the joint-promotions category: privacy's jointPromotionDeclarations() (main.ts).
import type { AppModule } from '../../app.ts';
import type { Subject } from '../privacy/index.ts';
import { promotionsRoutes } from './promotions.routes.ts';
import { PROMOTIONS_PURPOSE, PromotionsService, type PromotionsDeps } from './promotions.service.ts';

export {
  PromotionsService, PROMOTION_PROBLEMS, PROMOTIONS_PURPOSE, PROMOTIONS_RECIPIENT, PARTICIPATION_ELEMENT, checkAnnounceable,
  type PromotionAccounts, type PromotionInput, type HandOver,
} from './promotions.service.ts';
export { MANAGE_PERMISSION } from './promotions.routes.ts';
export { noticeOf } from './promotions.presenter.ts';

export interface PromotionsModule {
  module: AppModule;
  service: PromotionsService;
  /** PP-4.4: register with privacy.consents.onWithdrawn — withdrawing 'joint-promotions' leaves every activity */
  onWithdrawn(subject: Subject, purposeId: string): Promise<void>;
}

export function createPromotionsModule(deps: PromotionsDeps): PromotionsModule {
  const service = new PromotionsService(deps);
  return {
    module: {
      name: 'promotions',
      tag: { name: 'promotions', description: '联合推广活动(PP-2.4): 活动页面公示合作方及提供的信息类别，参加需点击同意，向合作方提供只经共享记录' },
      routes: promotionsRoutes(service),
    },
    service,
    async onWithdrawn(subject, purposeId) {
      if (purposeId !== PROMOTIONS_PURPOSE || subject.kind !== 'account') return;
      await service.withdrawn(subject.ref);
    },
  };
}
