// What leaves the server about an activity. The page's announcement (PP-2.4 "在活动页面…明确告知需要向第三方提供的信息
// 类别"; PIPL art. 23: recipient, contact, purpose, categories) is generated here from the same record the hand-over
// enforces, so what the citizen reads and what the co-organiser can receive cannot drift apart.
import { elementById } from '../privacy/index.ts';
import type { ParticipantRow, PromotionKind, PromotionRow } from './promotions.repository.ts';
import { PROMOTIONS_PURPOSE, type Promotion } from './promotions.service.ts';

const USE: Record<PromotionKind, { zh: string; en: string }> = {
  coupon: { zh: '由合作方向您发放优惠券', en: 'the co-organiser issuing your coupon' },
  lottery: { zh: '由合作方开展抽奖并向中奖者发放奖品', en: 'the co-organiser running the draw and delivering prizes' },
};

export function presentElement(id: string) {
  const e = elementById(id);
  return { id, nameZh: e?.nameZh ?? id, nameEn: e?.nameEn ?? id };
}

export function noticeOf(p: PromotionRow): { zh: string; en: string } {
  const els = p.shared_elements.map(presentElement);
  const use = USE[p.kind];
  return {
    zh: `参加本活动，即表示您同意南通百通将您的${els.map((e) => e.nameZh).join('、')}提供给本活动的合作方“${p.co_organiser_name}”(联系方式：${p.co_organiser_contact})，`
      + `仅用于${use.zh}；不会向其提供其他信息。每次提供都记入共享记录，您可在“谁使用了我的数据”中查看。`
      + '您可以随时退出活动，或在隐私设置中撤回“联合推广活动”授权，之后不再向合作方提供；不参加不影响您使用其他服务。',
    en: `By joining you agree that 南通百通 provides your ${els.map((e) => e.nameEn.toLowerCase()).join(', ')} to this activity's co-organiser "${p.co_organiser_name}" `
      + `(contact: ${p.co_organiser_contact}), only for ${use.en}; nothing else is provided. Each provision is recorded and shown under “Who used my data”. `
      + 'You can leave the activity, or withdraw the “Joint promotions” consent in the privacy settings, at any time: nothing is provided after that. Not joining affects no other service.',
  };
}

export function presentPublic(p: PromotionRow, open: boolean) {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    kind: p.kind,
    coOrganiser: { name: p.co_organiser_name, contact: p.co_organiser_contact },
    sharedElements: p.shared_elements.map(presentElement),
    purposeId: PROMOTIONS_PURPOSE,
    purposeZh: USE[p.kind].zh,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    state: p.state as 'published' | 'closed',
    open,
    notice: noticeOf(p),
  };
}

export function presentStaff(p: Promotion, open: boolean) {
  return {
    ...presentPublic(p, open),
    state: p.state,
    counts: p.counts ?? { active: 0, left: 0, shared: 0 },
    createdAt: p.created_at.toISOString(),
    publishedAt: p.published_at?.toISOString() ?? null,
    closedAt: p.closed_at?.toISOString() ?? null,
  };
}

export function presentParticipation(r: ParticipantRow) {
  return {
    promotionId: r.promotion_id,
    joinedAt: r.joined_at.toISOString(),
    leftAt: r.left_at?.toISOString() ?? null,
    leftReason: r.left_reason,
    sharedAt: r.shared_at?.toISOString() ?? null,
  };
}
