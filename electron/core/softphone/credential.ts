/**
 * The agent's telephony credential: one per agent on the account's SIP credential connection.
 * Reused when remembered (and still there), else found by our tag on that connection, else
 * created once; concurrent callers share one lookup so two are never created.
 */
import { toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';

export interface SoftphoneCredential {
  id: string;
  sipUsername: string;
}

/** Where the softphone's Telnyx objects live in the current environment (live: saved settings; demo: the simulator). */
export interface SoftphoneAccount {
  credentialConnectionId: string;
  /** The credential created earlier, if any. */
  credential?: SoftphoneCredential;
  remember(credential: SoftphoneCredential): void;
  /** A `telnyx_rtc` websocket other than Telnyx's (demo and tests). */
  host?: string;
  loopbackIce?: boolean;
}

/** Marks credentials this console created, so a lost settings file finds them again instead of adding more. */
export const CREDENTIAL_TAG = 'switchboard-softphone';

const inFlight = new WeakMap<TelnyxGateway, Promise<SoftphoneCredential>>();

export function findOrCreateCredential(gateway: TelnyxGateway, account: SoftphoneAccount, log: Logger): Promise<SoftphoneCredential> {
  const remembered = account.credential;
  const running = inFlight.get(gateway);
  if (running) return running;
  const work = (async () => {
    if (remembered?.id) {
      const found = await retrieve(gateway, remembered.id);
      if (found && found.connectionId === account.credentialConnectionId) return found.credential;
      log.info('remembered softphone credential is gone; looking for another', { credentialId: remembered.id });
    }
    const page = await gateway.call('list softphone credentials', (client) =>
      client.telephonyCredentials.list({ filter: { tag: CREDENTIAL_TAG, resource_id: `connection:${account.credentialConnectionId}` } }),
    );
    const existing = page.data.find((c) => c.id && c.sip_username && !c.expired);
    let credential: SoftphoneCredential;
    if (existing?.id && existing.sip_username) {
      credential = { id: existing.id, sipUsername: existing.sip_username };
    } else {
      const created = await gateway.call('create softphone credential', (client) =>
        client.telephonyCredentials.create({ connection_id: account.credentialConnectionId, name: 'Switchboard softphone', tag: CREDENTIAL_TAG }),
      );
      if (!created.data?.id || !created.data.sip_username) throw new Error('Telnyx did not return the new credential');
      credential = { id: created.data.id, sipUsername: created.data.sip_username };
      log.info('softphone credential created', { credentialId: credential.id });
    }
    account.remember(credential);
    return credential;
  })().finally(() => inFlight.delete(gateway));
  inFlight.set(gateway, work);
  return work;
}

async function retrieve(gateway: TelnyxGateway, id: string): Promise<{ credential: SoftphoneCredential; connectionId: string } | undefined> {
  try {
    const res = await gateway.call('retrieve softphone credential', (client) => client.telephonyCredentials.retrieve(id));
    const c = res.data;
    if (!c?.id || !c.sip_username || c.expired) return undefined;
    return { credential: { id: c.id, sipUsername: c.sip_username }, connectionId: (c.resource_id ?? '').replace(/^connection:/, '') };
  } catch (e) {
    if (toSwitchboardError(e).telnyx?.status === 404) return undefined;
    throw e;
  }
}
