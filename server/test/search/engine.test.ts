// The search engine on a small fixed catalogue: how citizens type must find what they mean.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SearchIndex } from '../../src/modules/search/index.ts';
import { clearAnalysisCaches } from '../../src/modules/search/engine/engine.ts';
import { FIXTURE_CATEGORIES, FIXTURE_ITEMS } from './fixtures.ts';
import { withinOneEdit } from '../../src/modules/search/engine/rank.ts';
import { cut, editDistance, jiebaDictionary, releaseSegmenter } from '../../src/modules/search/engine/text.ts';

const index = new SearchIndex(FIXTURE_ITEMS, FIXTURE_CATEGORIES);
const codes = (q: string, district?: string) => index.search(q, { district, limit: 5 }).hits.map((h) => h.item.code);
const top = (q: string, district?: string) => codes(q, district)[0];

describe('search engine', () => {
  it('an exact name ranks first, before items that merely contain its words', () => {
    assert.equal(top('生育登记'), 'C-13');
    assert.equal(top('公积金查询'), 'C-1');
  });

  it('full pinyin finds the Chinese name (gongjijin → 公积金)', () => {
    const hits = codes('gongjijin');
    assert.ok(hits.length >= 3);
    assert.ok(hits.every((c) => ['C-1', 'C-2', 'C-3', 'C-4', 'R-1'].includes(c)), hits.join());
  });

  it('pinyin initials find the Chinese name (gjj → 公积金, scz → 三超证)', () => {
    assert.ok(['C-1', 'C-2', 'C-3', 'C-4'].includes(top('gjj')!));
    assert.equal(top('scz'), 'C-12');
  });

  it('initials mixed with characters combine (gjj提取 → 公积金提取)', () => {
    assert.deepEqual(codes('gjj提取').slice(0, 2).sort(), ['C-2', 'C-3']);
  });

  it('polyphones read as the service means them (chongming → 重名查询)', () => {
    assert.equal(top('chongmingchaxun'), 'C-16');
  });

  it('colloquial phrasing maps to catalogue terms (交社保, 身份证丢了, 开车证, 生孩子)', () => {
    assert.equal(top('交社保'), 'C-6');
    assert.deepEqual(codes('身份证丢了怎么办').slice(0, 2).sort(), ['C-8', 'C-9']);
    assert.ok(['C-10', 'C-11'].includes(top('开车证')!));
    assert.deepEqual(codes('生孩子').slice(0, 2).sort(), ['C-13', 'C-14']);
  });

  it('one wrong or missing character is tolerated (公积全 → 公积金, 不动查询 → 不动产查询, 社宝 → 社保)', () => {
    assert.ok(['C-1', 'C-2', 'C-3', 'C-4'].includes(top('公积全')!));
    assert.equal(top('不动查询'), 'C-18');
    assert.equal(top('社宝查询'), 'C-5');
  });

  it('a district named in the query boosts that district (如皋 公积金)', () => {
    assert.equal(top('如皋 公积金查询'), 'R-1');
    assert.equal(top('公积金查询'), 'C-1');
  });

  it("the user's district lifts its own items without hiding city-wide ones", () => {
    const rank = (district?: string) => index.search('住房公积金', { district, limit: 20 }).hits.map((h) => h.item.code);
    const withDistrict = rank('320682');
    assert.ok(withDistrict.includes('R-1') && withDistrict.includes('C-1'));
    assert.ok(withDistrict.indexOf('R-1') < rank().indexOf('R-1'), `${withDistrict} vs ${rank()}`);
  });

  it('results are grouped by category in rank order', () => {
    const r = index.search('查询', { limit: 20 });
    assert.ok(r.groups.length >= 3);
    const flat = r.groups.flatMap((g) => g.hits.map((h) => h.item.code));
    assert.deepEqual(new Set(flat), new Set(r.hits.map((h) => h.item.code)));
    assert.equal(r.groups[0]!.hits[0]!.item.code, r.hits[0]!.item.code);
    assert.equal(r.groups.find((g) => g.category.id === 'housing')?.category.nameZh, '住房保障');
  });

  it('nonsense finds nothing and offers the nearest items instead', () => {
    const r = index.search('量子计算机');
    assert.equal(r.hits.length, 0);
    const near = index.search('公积余钱款');
    assert.ok(near.hits.length > 0 || near.alternatives.some((a) => a.includes('公积金')));
    assert.deepEqual(index.search('xqzv').hits, []);
  });

  it('suggestions while typing: name prefix, pinyin prefix and initials prefix', () => {
    assert.ok(index.suggest('社保').some((s) => s.code === 'C-5'));
    assert.ok(index.suggest('gongji').some((s) => s.code === 'C-1'));
    assert.ok(index.suggest('sbk').some((s) => s.code === 'C-7'), JSON.stringify(index.suggest('sbk')));
    assert.deepEqual(index.suggest(''), []);
  });

  it('the linear one-edit check agrees with the edit distance (substitution, insertion, deletion, surrogate pairs)', () => {
    const words = ['公积金', '公积全', '公积', '公鸡金', '住房公积金', '住房公积金查询', '社保', '社宝', '𠀀公积金', '𠀁公积金', '公积金𠀀', '', '金'];
    for (const a of words) for (const b of words) assert.equal(withinOneEdit(a, b), editDistance(a, b, 1) <= 1, `${a} / ${b}`);
  });

  it('the segmenter’s dictionary is jieba’s without the words of frequency below 10; common words stay', () => {
    const lines = jiebaDictionary().toString('utf8').split('\n').filter(Boolean);
    assert.ok(lines.every((l) => Number(l.split(' ')[1]) >= 10), 'no rare word left');
    assert.ok(lines.length > 100_000, `${lines.length} words`);
    assert.ok(lines.some((l) => l.startsWith('公积金 ')) && lines.some((l) => l.startsWith('身份证 ')));
  });

  it('a released segmenter and cleared analysis caches (issue #2 idle memory) give the same words and the same index', () => {
    const before = cut('我想办理住房公积金提取');
    assert.equal(releaseSegmenter(60_000), false, 'just used: kept');
    assert.equal(releaseSegmenter(), true);
    assert.equal(releaseSegmenter(), false, 'nothing left to drop');
    assert.deepEqual(cut('我想办理住房公积金提取'), before);
    assert.equal(top('公积金查询'), 'C-1');
    clearAnalysisCaches();
    releaseSegmenter();
    const rebuilt = new SearchIndex(FIXTURE_ITEMS, FIXTURE_CATEGORIES);
    for (const q of ['公积金提取', 'gjj', '社宝', '如皋 公积金', '身份证丢了']) {
      assert.deepEqual(rebuilt.search(q, { limit: 5 }).hits.map((h) => h.item.code), codes(q), q);
    }
  });
});
