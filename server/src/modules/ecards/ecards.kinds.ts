// The electronic cards 南通百通 offers for quick display (PP-1.16). Personal cards only: an 电子营业执照 belongs to a
// business, not to the citizen. 电子身份证(网证/CTID) is not offered: its identifier is derived from the citizen ID
// number, which is sensitive PI (PIPL art. 28) and not 卡证非敏感信息. For the same reason the 电子驾驶证 keeps the
// 档案编号 (file number), never the 驾驶证号 (which is the ID number), and no kind accepts an ID-number-shaped value.
// Issuers are organisations of the reference data (reference.seed.ts ORGANISATIONS).

export interface CardKind {
  id: string;
  nameZh: string;
  nameEn: string;
  /** organisations.id of the issuing department */
  issuer: string;
  issuerNameZh: string;
  /** what the number on the card is called */
  numberLabelZh: string;
  numberLabelEn: string;
  /** shape of a valid number (upper-cased, spaces removed) */
  pattern: RegExp;
  /** bound to the holder's verified identity: adding it needs real-name verification */
  realNameBound: boolean;
  /** the card may be issued without expiry (长期) */
  mayBeLongTerm: boolean;
}

export const CARD_KINDS: readonly CardKind[] = [
  {
    id: 'social-security', nameZh: '电子社保卡', nameEn: 'Electronic social security card', issuer: 'hrss', issuerNameZh: '南通市人力资源和社会保障局',
    numberLabelZh: '社会保障卡卡号', numberLabelEn: 'Card number', pattern: /^[A-Z0-9]{9}$/, realNameBound: true, mayBeLongTerm: false,
  },
  {
    id: 'medical-insurance', nameZh: '电子医保凭证', nameEn: 'Electronic medical insurance voucher', issuer: 'medical-security', issuerNameZh: '南通市医疗保障局',
    numberLabelZh: '医保凭证编号', numberLabelEn: 'Voucher number', pattern: /^[A-Z0-9]{10,20}$/, realNameBound: true, mayBeLongTerm: true,
  },
  {
    id: 'driving-licence', nameZh: '电子驾驶证', nameEn: 'Electronic driving licence', issuer: 'police', issuerNameZh: '南通市公安局',
    numberLabelZh: '档案编号', numberLabelEn: 'File number', pattern: /^\d{12}$/, realNameBound: false, mayBeLongTerm: true,
  },
  {
    id: 'residence-permit', nameZh: '居住证', nameEn: 'Residence permit', issuer: 'police', issuerNameZh: '南通市公安局',
    numberLabelZh: '居住证编号', numberLabelEn: 'Permit number', pattern: /^[A-Z0-9]{8,16}$/, realNameBound: false, mayBeLongTerm: false,
  },
];

export const CARD_KIND_IDS = CARD_KINDS.map((k) => k.id) as [string, ...string[]];

export function kindById(id: string): CardKind | undefined {
  return CARD_KINDS.find((k) => k.id === id);
}

/** A resident ID number (GB 11643): sensitive PI, never accepted as a card number (PP-1.16 非敏感信息 only). */
export const ID_NUMBER_SHAPE = /\d{17}[\dX]/;

export function normaliseNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** 'A12345678' → 'A1*****78': enough to tell one's cards apart, not enough to use the number. */
export function maskNumber(n: string): string {
  const head = n.length >= 10 ? 3 : 2;
  return n.slice(0, head) + '*'.repeat(Math.max(n.length - head - 2, 2)) + n.slice(-2);
}
