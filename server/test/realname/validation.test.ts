// Local validation (LAW-10): GB 11643-1999 structure, birth date and ISO 7064 MOD 11-2 check character; Luhn for bank
// cards; mainland mobile numbers. Table tests: each row is a case a citizen could type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ageOn,
  idCheckCharacter,
  luhnValid,
  maskIdNumber,
  maskName,
  parseCardNumber,
  parseIdNumber,
  parseMobile,
  validName,
  normaliseName,
} from '../../src/modules/realname/validation.ts';
import { SANDBOX_IDENTITIES, SANDBOX_TIMEOUT_CARD } from '../../src/modules/realname/providers/sandbox-registry.ts';

const today = new Date('2026-11-27T09:00:00+08:00');

describe('GB 11643 citizen ID numbers', () => {
  it('LAW-10 the standard\u2019s own examples 11010519491231002X and 440524188001010014 are valid', () => {
    const a = parseIdNumber('11010519491231002X', today);
    const b = parseIdNumber('440524188001010014', today);
    assert.ok(a.ok && b.ok);
    assert.equal(a.ok && a.value.birthDate, '1949-12-31');
    assert.equal(a.ok && a.value.sex, 'female'); // 17th digit 2: even → female
    assert.equal(b.ok && b.value.sex, 'male');
  });

  it('LAW-10 the check character follows ISO 7064 MOD 11-2, with X for 10', () => {
    assert.equal(idCheckCharacter('11010519491231002'), 'X');
    assert.equal(idCheckCharacter('44052418800101001'), '4');
    assert.equal(idCheckCharacter('32060219900101123'), 'X');
  });

  const refusals: [string, string, string][] = [
    ['too short', '3206021990010112', 'length'],
    ['too long', '32060219900101123X1', 'length'],
    ['a letter inside', '3206021990O101123X', 'characters'],
    ['X not last', 'X20602199001011234', 'characters'],
    ['no such province (00)', '000602199001011237', 'region'],
    ['no such province (99)', '990602199001011231', 'region'],
    ['province only, no prefecture', '320000199001011233', 'region'],
    ['month 13', '320602199013011232', 'birth-date'],
    ['30 February', '320602199002301237', 'birth-date'],
    ['29 February of a common year', '320602190002291233', 'birth-date'],
    ['born before 1850', '320602184001011234', 'birth-date'],
    ['born tomorrow', '320602202611281232', 'birth-date-future'],
    ['wrong check character', '320602199001011234', 'check-character'],
    ['check digit instead of X', '320602199001011230', 'check-character'],
  ];
  for (const [what, id, error] of refusals) {
    it(`LAW-10 refuses ${what} (${error})`, () => {
      const r = parseIdNumber(id, today);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error, error);
    });
  }

  it('LAW-10 accepts 29 February of a leap year and normalises full-width digits, spaces and a lower-case x', () => {
    const leap = '32060220000229' + '002';
    const full = leap + idCheckCharacter(leap);
    assert.ok(parseIdNumber(full, today).ok);
    const typed = ' ３２０６０２ 1990 0101 123x ';
    const r = parseIdNumber(typed, today);
    assert.ok(r.ok);
    assert.equal(r.ok && r.value.idNumber, '32060219900101123X');
  });

  it('LAW-10 every sandbox test identity has a correct check character (docs/sandbox-identities.md)', () => {
    for (const p of SANDBOX_IDENTITIES) assert.ok(parseIdNumber(p.idNumber, today).ok, p.idNumber);
  });

  it('PP-5.1 age counts full years on the China calendar date', () => {
    assert.equal(ageOn('2014-06-01', today), 12);
    assert.equal(ageOn('2012-11-27', today), 14); // fourteenth birthday today
    assert.equal(ageOn('2012-11-28', today), 13);
    assert.equal(ageOn('2008-11-28', new Date('2026-11-27T16:30:00Z')), 18); // already 28 Nov in Beijing
  });

  it('masks the ID number as 3206**********1234 and names as 张*', () => {
    assert.equal(maskIdNumber('32060219900101123X'), '3206**********123X');
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳娜娜'), '欧**娜');
  });

  it('names are Han characters, with the middle dot of minority names', () => {
    assert.ok(validName(normaliseName('张三')));
    assert.ok(validName(normaliseName('买买提•艾力')));
    assert.ok(!validName('Zhang San'));
    assert.ok(!validName('张'));
    assert.ok(!validName('张3'));
  });
});

describe('bank cards and mobile numbers', () => {
  const cards: [string, string, boolean | string][] = [
    ['a 19-digit card with a correct Luhn digit', '6222021234567890128', true],
    ['a 16-digit card with a correct Luhn digit', '4111111111111111', true],
    ['spaces as printed on the card', '6222 0212 3456 7890 128', true],
    ['a wrong Luhn digit', '6222021234567890127', 'card-checksum'],
    ['15 digits', '622202123456789', 'card-length'],
    ['20 digits', '62220212345678901283', 'card-length'],
    ['letters', '6222o21234567890128', 'card-characters'],
  ];
  for (const [what, card, expected] of cards) {
    it(`PP-1.6 ${expected === true ? 'accepts' : 'refuses'} ${what}`, () => {
      const r = parseCardNumber(card);
      if (expected === true) assert.ok(r.ok);
      else assert.equal(!r.ok && r.error, expected);
    });
  }

  it('PP-1.6 the sandbox cards pass Luhn', () => {
    for (const p of SANDBOX_IDENTITIES) for (const c of p.cards) assert.ok(luhnValid(c.cardNumber), c.cardNumber);
    assert.ok(luhnValid(SANDBOX_TIMEOUT_CARD));
  });

  it('PP-1.6 reserved mobile numbers: 11 digits starting 13–19, +86 accepted', () => {
    assert.equal(parseMobile('13812340001'), '13812340001');
    assert.equal(parseMobile('+86 138-1234-0001'), '13812340001');
    assert.equal(parseMobile('12812340001'), null);
    assert.equal(parseMobile('1381234000'), null);
  });
});
