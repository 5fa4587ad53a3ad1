// PP-0.1 at sign-in: a device that accepted the privacy policy in force signs in to an account that never accepted it
// (or accepted an older version). The account is not asked for the first-use sheet again: the device's acceptance is
// carried over and recorded for the account as the privacy module's own policy-acceptance consent (method 'tap').
// Why this is lawful (PIPL art. 14, 个人信息保护法 第十四条: consent given voluntarily and explicitly, with full
// knowledge): the same person, on this device, in this browser, just read the summary of THIS version and tapped 同意;
// signing in proves they hold the account. Nothing beyond the policy acceptance is carried (no purpose consent, no
// separate consent), never an older version's acceptance, and never onto an account whose own latest record for the
// current version is a refusal or a withdrawal. The device is named by its random app-scoped id (x-device-id): only
// the browser that created it knows it.
import type { Principal } from '../../platform/http/access.ts';
import { POLICY_ACCEPTANCE, type ConsentService } from '../privacy/index.ts';
import { citizenOf } from './account.service.ts';

export type PolicyConsents = Pick<ConsentService, 'listCurrent' | 'grant'>;

export type CarryOutcome = 'carried' | 'account-already-accepted' | 'device-not-accepted' | 'account-refused';

export async function carryPolicyAcceptance(consents: PolicyConsents, principal: Principal | null, deviceId: string): Promise<{ outcome: CarryOutcome }> {
  const accountId = citizenOf(principal).accountId;
  const stateOf = async (kind: 'account' | 'device', ref: string) => {
    const { policyVersion, states } = await consents.listCurrent({ kind, ref });
    return { policyVersion, state: states.find((s) => s.purpose.id === POLICY_ACCEPTANCE) };
  };
  const account = await stateOf('account', accountId);
  if (account.state?.effective) return { outcome: 'account-already-accepted' };
  const device = await stateOf('device', deviceId);
  if (!device.state?.effective) return { outcome: 'device-not-accepted' };
  // the account's own "no" to this very version is not overridden by the device
  const latest = account.state?.latest;
  if (latest && !latest.granted && latest.policyVersion === account.policyVersion) return { outcome: 'account-refused' };
  await consents.grant({ kind: 'account', ref: accountId }, POLICY_ACCEPTANCE, { method: 'tap', policyVersion: device.policyVersion });
  return { outcome: 'carried' };
}
