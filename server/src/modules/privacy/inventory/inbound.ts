// PP-1.17 (policy 一(一)3 我们通过间接获得方式收集到的您的个人信息): PI the platform receives from partners (关联方、合作方)
// rather than from the citizen. Each source is declared with what it sends, why, where it sits (PP-3.3) and the
// authorisation the citizen gives for it to send: a consent-based purpose whose record must be in force at the moment
// of receipt. The sharing service (receive) refuses anything else and records each receipt in the ledger (direction
// 'inbound'), so 谁使用了我的数据 lists it; withdrawing the authorisation stops further receipt on the next call.
import type { Jurisdiction } from './jurisdiction.ts';

export interface InboundSource {
  id: string;
  nameZh: string;
  nameEn: string;
  /** the partner organisation (reference data organisations.id) */
  organisation: string;
  jurisdiction: Jurisdiction;
  /** element ids (elements.ts) it may send — anything else offered is refused before anything is stored */
  elements: string[];
  /** the purpose (purposes.ts) the received data is then used for */
  purposeId: string;
  /** the consent-based purpose that records the citizen's authorisation for this source to provide (PP-1.17) */
  authorisationPurposeId: string;
  /** the module that receives it */
  receivedBy: string;
  scenarioZh: string;
  clauses: string[];
}

const CARD = ['ecard-number', 'ecard-validity'];

export const INBOUND_SOURCES: readonly InboundSource[] = [
  {
    id: 'ecard-issuer-hrss', nameZh: '南通市人力资源和社会保障局(电子社保卡签发系统)', nameEn: 'Social security card issuing system (HRSS)', organisation: 'hrss',
    jurisdiction: 'CN', elements: CARD, purposeId: 'ecard-reminders', authorisationPurposeId: 'ecard-fetch-hrss', receivedBy: 'ecards',
    scenarioZh: '您授权后，从人社部门获取您的电子社保卡卡号和有效期', clauses: ['PP-1.17', 'PP-1.16'],
  },
  {
    id: 'ecard-issuer-medical-security', nameZh: '南通市医疗保障局(医保电子凭证系统)', nameEn: 'Medical insurance voucher system', organisation: 'medical-security',
    jurisdiction: 'CN', elements: CARD, purposeId: 'ecard-reminders', authorisationPurposeId: 'ecard-fetch-medical-security', receivedBy: 'ecards',
    scenarioZh: '您授权后，从医保部门获取您的医保电子凭证编号和有效期', clauses: ['PP-1.17', 'PP-1.16'],
  },
  {
    id: 'ecard-issuer-police', nameZh: '南通市公安局(电子驾驶证、居住证系统)', nameEn: 'Police card systems (driving licence, residence permit)', organisation: 'police',
    jurisdiction: 'CN', elements: CARD, purposeId: 'ecard-reminders', authorisationPurposeId: 'ecard-fetch-police', receivedBy: 'ecards',
    scenarioZh: '您授权后，从公安部门获取您的电子驾驶证档案编号或居住证编号和有效期', clauses: ['PP-1.17', 'PP-1.16'],
  },
];

export function inboundSourceById(id: string): InboundSource | undefined {
  return INBOUND_SOURCES.find((s) => s.id === id);
}
