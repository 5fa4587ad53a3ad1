import type { SearchableItem } from './engine/engine.ts';
import type { HistoryEntry } from './search.service.ts';

export function presentHit(item: SearchableItem) {
  return {
    code: item.code,
    name: item.name,
    shortName: item.shortName || null,
    category: item.category,
    departmentName: item.departmentName ?? null,
    districtCode: item.districtCode ?? null,
    districtName: item.districtName ?? null,
    online: item.online ?? null,
  };
}

export function presentHistory(e: HistoryEntry) {
  return { id: e.id, kind: e.kind, text: e.text, code: e.code, createdAt: e.createdAt.toISOString() };
}
