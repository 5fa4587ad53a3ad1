// Revocation (PP-4.5 b: cancelling the unified city account; PP-4.4: withdrawing one application's authorisation in
// 我的 → 已授权应用): every grant, session and token of the account (at that client) is deleted in one audited
// transaction, so later use of any token fails; then each affected client with a back-channel logout URI receives a
// signed logout token (OIDC Back-Channel Logout 1.0) so it ends its own session.
import type { Database } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import { oidcRepository as repo } from './oidc.repository.ts';

export interface RevocationResult {
  deleted: number;
  /** 'retrying': the first delivery failed and a job retries it with back-off */
  clients: { clientId: string; backchannel: 'delivered' | 'retrying' | 'failed' | 'not-registered' }[];
}

export const BACKCHANNEL_JOB = 'oidc.backchannel-logout';
export interface BackchannelJob {
  accountId: string;
  clientId: string;
  sessionId?: string;
}

export type RevokeActor = { kind: 'citizen' | 'system' | 'staff' | 'job'; ref?: string };

export class RevocationService {
  readonly #database: Database;
  readonly #audit: AuditService;
  readonly #logger: Logger;
  readonly #provider: () => Promise<any>;
  readonly #retry?: (job: BackchannelJob) => Promise<void>;

  constructor(opts: { database: Database; audit: AuditService; logger: Logger; provider: () => Promise<any>; retry?: (job: BackchannelJob) => Promise<void> }) {
    this.#database = opts.database;
    this.#audit = opts.audit;
    this.#logger = opts.logger;
    this.#provider = opts.provider;
    this.#retry = opts.retry;
  }

  /** One back-channel logout delivery (also the retry job's handler); throws when the client did not accept it. */
  async deliver(job: BackchannelJob): Promise<'delivered' | 'not-registered'> {
    const client = await (await this.#provider()).Client.find(job.clientId).catch(() => undefined);
    if (!client?.backchannelLogoutUri) return 'not-registered';
    await client.backchannelLogout(job.accountId, job.sessionId);
    return 'delivered';
  }

  /** PP-4.5 b: the unified account is cancelled — nothing issued for it stays valid anywhere. */
  revokeAccount(accountId: string, actor: RevokeActor = { kind: 'system' }): Promise<RevocationResult> {
    return this.#revoke(accountId, undefined, actor, 'oidc.revoke-account');
  }

  /** PP-4.4: the citizen withdraws one application's authorisation. */
  revokeClient(accountId: string, clientId: string, actor: RevokeActor = { kind: 'citizen', ref: accountId }): Promise<RevocationResult> {
    return this.#revoke(accountId, clientId, actor, 'oidc.revoke-client');
  }

  async #revoke(accountId: string, onlyClient: string | undefined, actor: RevokeActor, action: string): Promise<RevocationResult> {
    const { clientIds, sids, deleted } = await this.#database.db.transaction().execute(async (tx) => {
      const artefacts = await repo.artefactsOf(tx, accountId, onlyClient);
      const sessions = await repo.sessionsOf(tx, accountId);
      const clientIds = new Set<string>();
      const sids = new Map<string, string>();
      for (const a of artefacts) if (a.client_id) clientIds.add(a.client_id);
      for (const s of sessions) {
        for (const [clientId, auth] of Object.entries<any>(s.payload.authorizations ?? {})) {
          if (onlyClient && clientId !== onlyClient) continue;
          clientIds.add(clientId);
          if (auth?.sid) sids.set(clientId, auth.sid);
        }
      }
      let deleted = await repo.deleteOf(tx, accountId, onlyClient);
      if (onlyClient) {
        // the browser session stays (other applications), but no longer remembers this client
        for (const s of sessions) {
          if (!s.payload.authorizations?.[onlyClient]) continue;
          delete s.payload.authorizations[onlyClient];
          await tx.updateTable('oidc_payloads').set({ payload: JSON.stringify(s.payload) as any }).where('model', '=', 'Session').where('id', '=', s.id).execute();
        }
      }
      await this.#audit.record(tx, {
        actor,
        action,
        subjectId: accountId,
        elements: ['account-id'],
        purposeId: 'unified-identity',
        legalBasis: 'contract',
        details: { clientIds: [...clientIds].sort(), artefacts: deleted },
      });
      return { clientIds: [...clientIds].sort(), sids, deleted };
    });

    const clients: RevocationResult['clients'] = [];
    for (const clientId of clientIds) {
      const job: BackchannelJob = { accountId, clientId, ...(sids.get(clientId) ? { sessionId: sids.get(clientId) } : {}) };
      try {
        clients.push({ clientId, backchannel: await this.deliver(job) });
      } catch (err) {
        this.#logger.warn({ clientId, err: (err as Error).message }, 'back-channel logout not delivered');
        let retrying = false;
        if (this.#retry) retrying = await this.#retry(job).then(() => true, () => false);
        clients.push({ clientId, backchannel: retrying ? 'retrying' : 'failed' });
      }
    }
    return { deleted, clients };
  }
}
