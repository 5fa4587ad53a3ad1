// Device description and coarse place for sign-in history and abnormal-login alerts (PP-1.10, PP-1.18).
// Only brand / model / OS version are derived from the User-Agent — no hardware identifiers — and the place is a
// city looked up from the address prefix; no precise location is ever used.
import { isIPv4 } from 'node:net';

export interface DeviceInfo {
  brand: string | null;
  model: string | null;
  osVersion: string | null;
}

const BRANDS: [RegExp, string][] = [
  [/iPhone|iPad|Macintosh|Mac OS X/i, 'Apple'],
  [/HUAWEI|HONOR|HarmonyOS/i, 'Huawei'],
  [/Xiaomi|Redmi|MI \d/i, 'Xiaomi'],
  [/OPPO/i, 'OPPO'],
  [/vivo/i, 'vivo'],
  [/SM-|Samsung/i, 'Samsung'],
];

export function describeDevice(userAgent: string | undefined): DeviceInfo {
  const ua = (userAgent ?? '').slice(0, 512);
  if (!ua) return { brand: null, model: null, osVersion: null };
  const brand = BRANDS.find(([re]) => re.test(ua))?.[1] ?? null;
  let os: string | null = null;
  let m: RegExpMatchArray | null;
  if ((m = ua.match(/iPhone OS (\d+[_.]\d+)/))) os = `iOS ${m[1]!.replace('_', '.')}`;
  else if ((m = ua.match(/HarmonyOS[ /]?(\d+(?:\.\d+)?)?/))) os = `HarmonyOS${m[1] ? ' ' + m[1] : ''}`;
  else if ((m = ua.match(/Android (\d+(?:\.\d+)?)/))) os = `Android ${m[1]}`;
  else if ((m = ua.match(/Windows NT (\d+\.\d+)/))) os = `Windows ${m[1]}`;
  else if ((m = ua.match(/Mac OS X (\d+[_.]\d+)/))) os = `macOS ${m[1]!.replace('_', '.')}`;
  else if (/Linux/.test(ua)) os = 'Linux';
  let model: string | null = null;
  if (/iPhone/.test(ua)) model = 'iPhone';
  else if (/iPad/.test(ua)) model = 'iPad';
  else if ((m = ua.match(/Android [\d.]+; ([^;)]+?)(?: Build|\))/))) model = m[1]!.trim().slice(0, 40);
  const browser = ua.match(/(MicroMessenger|Edg|Firefox|Chrome|Safari)\//)?.[1];
  if (!model && browser) model = { MicroMessenger: '微信', Edg: 'Edge', Firefox: 'Firefox', Chrome: 'Chrome', Safari: 'Safari' }[browser] ?? null;
  return { brand, model, osVersion: os };
}

export function deviceLabel(d: DeviceInfo | null): string {
  if (!d) return '未知设备';
  const parts = [d.brand, d.model, d.osVersion].filter(Boolean);
  return parts.length ? parts.join(' · ') : '未知设备';
}

// A demonstration table (a real deployment licenses an IP-geolocation database): private and loopback ranges are
// the city's own network (南通), and the documentation ranges of RFC 5737 stand for other cities so that tests and
// demos can sign in "from elsewhere".
const CITY_PREFIXES: [string, number, string][] = [
  ['10.0.0.0', 8, '南通'],
  ['172.16.0.0', 12, '南通'],
  ['192.168.0.0', 16, '南通'],
  ['127.0.0.0', 8, '南通'],
  ['198.51.100.0', 24, '上海'],
  ['203.0.113.0', 24, '北京'],
  ['192.0.2.0', 24, '南京'],
  ['58.220.0.0', 16, '南通'],
  ['221.226.0.0', 16, '南京'],
  ['101.80.0.0', 12, '上海'],
  ['123.112.0.0', 12, '北京'],
];

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

export function cityOf(ip: string | null | undefined): string {
  if (!ip) return '未知地区';
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (v4 === '::1') return '南通';
  if (!isIPv4(v4)) return '未知地区';
  const n = ipv4ToInt(v4);
  for (const [base, bits, city] of CITY_PREFIXES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0) return city;
  }
  return '未知地区';
}
