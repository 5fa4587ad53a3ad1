// Service categories: the eleven the privacy policy names (二(一) sharing categories and the home grid) first, then the
// usual others of a city service hall. Ids are stable keys shared with the citizen app (web/citizen/src/i18n.ts).
import type { Category } from '../catalogue.types.ts';

export const CATEGORIES: readonly Category[] = [
  { id: 'government', nameZh: '政务办事', nameEn: 'Government affairs' },
  { id: 'socialSecurity', nameZh: '社会保障', nameEn: 'Social security' },
  { id: 'health', nameZh: '医疗健康', nameEn: 'Health care' },
  { id: 'police', nameZh: '警务', nameEn: 'Police' },
  { id: 'payments', nameZh: '缴费', nameEn: 'Payments' },
  { id: 'transport', nameZh: '交通出行', nameEn: 'Transport' },
  { id: 'publicServices', nameZh: '公共类', nameEn: 'Public services' },
  { id: 'cultureEducation', nameZh: '文体教育', nameEn: 'Culture & education' },
  { id: 'interaction', nameZh: '政务互动', nameEn: 'Citizen interaction' },
  { id: 'tourism', nameZh: '旅游', nameEn: 'Tourism' },
  { id: 'housing', nameZh: '住房保障', nameEn: 'Housing' },
  { id: 'family', nameZh: '婚育收养', nameEn: 'Marriage, birth & adoption' },
  { id: 'employment', nameZh: '就业创业', nameEn: 'Jobs & start-ups' },
  { id: 'business', nameZh: '企业开办', nameEn: 'Starting a business' },
  { id: 'realEstate', nameZh: '不动产', nameEn: 'Real estate' },
  { id: 'tax', nameZh: '税务', nameEn: 'Tax' },
];

export const CATEGORY_IDS = CATEGORIES.map((c) => c.id);
