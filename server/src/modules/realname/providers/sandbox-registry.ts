// The sandbox's population register, face service and bank: a fixed set of test identities, each with the outcome
// the real services would give (docs/sandbox-identities.md lists them for people testing by hand). Every ID number
// has a correct GB 11643 check character and every card number a correct Luhn digit, so they pass local validation
// and reach the sandbox; anything else valid but unlisted is 查无此人 (id-not-found).

export type IdStatus = 'valid' | 'expired' | 'cancelled' | 'timeout';
export type FaceOutcome = 'match' | 'liveness-failed' | 'mismatch' | 'timeout';

export interface SandboxIdentity {
  realName: string;
  idNumber: string;
  idStatus: IdStatus;
  face: FaceOutcome;
  /** cards issued to this person, with the mobile reserved at the bank */
  cards: { cardNumber: string; mobile: string }[];
  note: string;
}

export const SANDBOX_IDENTITIES: readonly SandboxIdentity[] = [
  { realName: '张三', idNumber: '32060219900101123X', idStatus: 'valid', face: 'match', cards: [{ cardNumber: '6222021234567890128', mobile: '13812340001' }], note: '成年人，一切正常：身份核验、人脸、银行卡均通过' },
  { realName: '李四', idNumber: '32061219850505002X', idStatus: 'valid', face: 'liveness-failed', cards: [], note: '身份核验通过；活体检测总是不通过' },
  { realName: '王五', idNumber: '320681197803154415', idStatus: 'valid', face: 'mismatch', cards: [], note: '身份核验通过；人脸与公安留存照片不一致' },
  { realName: '赵六', idNumber: '320682196011200032', idStatus: 'expired', face: 'match', cards: [], note: '身份证已过有效期' },
  { realName: '钱七', idNumber: '320623197208081115', idStatus: 'cancelled', face: 'match', cards: [], note: '身份证已注销' },
  { realName: '孙八', idNumber: '320685198802025670', idStatus: 'timeout', face: 'timeout', cards: [], note: '公安接口超时(可重试)' },
  { realName: '周小红', idNumber: '320602201406010024', idStatus: 'valid', face: 'match', cards: [], note: '未成年人，2014-06-01出生(不满14周岁)' },
  { realName: '吴小丽', idNumber: '32061220100901004X', idStatus: 'valid', face: 'match', cards: [], note: '未成年人，2010-09-01出生(已满14周岁、不满18周岁)' },
  { realName: '郑敏', idNumber: '320602199511118889', idStatus: 'valid', face: 'match', cards: [{ cardNumber: '6217000000000000012', mobile: '13900001111' }], note: '成年人；银行卡认证通过(注意预留手机号)' },
  { realName: '冯丽', idNumber: '320602196906062222', idStatus: 'valid', face: 'match', cards: [], note: '成年人，可作为监护人' },
];

/** A card number that is valid (Luhn) and makes the bank-card service time out. */
export const SANDBOX_TIMEOUT_CARD = '6250000000000000005';

export function findIdentity(idNumber: string): SandboxIdentity | undefined {
  return SANDBOX_IDENTITIES.find((i) => i.idNumber === idNumber);
}
