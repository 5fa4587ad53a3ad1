// The district the citizen chose in the app (the 区县专区 they opened, or the district picked by hand on the 服务大厅
// page): kept on this device only, and sent with search and suggestion requests so that district's own items rank
// first. It is a county-level division the citizen picked, not a location: nothing is asked of the browser, and the
// server keeps nothing of it (search ranks with it and forgets it).
const KEY = 'ntbt.search.district';
const CODE = /^\d{6}$/;

export function chosenDistrict(): string | undefined {
  try {
    const v = globalThis.localStorage?.getItem(KEY) ?? '';
    return CODE.test(v) ? v : undefined;
  } catch {
    return undefined; // storage disabled: search works without a district
  }
}

export function rememberDistrict(code: string | null | undefined): void {
  try {
    if (code && CODE.test(code)) globalThis.localStorage?.setItem(KEY, code);
  } catch {
    /* storage disabled: nothing remembered */
  }
}
