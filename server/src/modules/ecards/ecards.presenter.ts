import type { Card } from './ecards.service.ts';
import type { CardKind } from './ecards.kinds.ts';

export function presentKind(k: CardKind) {
  return {
    id: k.id, nameZh: k.nameZh, nameEn: k.nameEn, issuer: k.issuer, issuerNameZh: k.issuerNameZh,
    numberLabelZh: k.numberLabelZh, numberLabelEn: k.numberLabelEn, realNameBound: k.realNameBound, mayBeLongTerm: k.mayBeLongTerm,
  };
}

export function presentCard(c: Card) {
  return {
    id: c.id,
    kind: c.kind.id,
    kindNameZh: c.kind.nameZh,
    kindNameEn: c.kind.nameEn,
    issuerNameZh: c.kind.issuerNameZh,
    numberLabelZh: c.kind.numberLabelZh,
    numberLabelEn: c.kind.numberLabelEn,
    numberMasked: c.numberMasked,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
  };
}
