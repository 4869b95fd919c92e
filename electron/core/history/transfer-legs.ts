/**
 * Transfer target legs the console dialled that have not joined the call yet (ringing, or
 * answered and being joined), kept in the history database so they outlive a crash. The
 * console's transfer step (commands/transfer.ts) hangs up a target that never joins; if the app
 * dies while the target rings, nobody would: the phone at the other end rings on, and if picked
 * up, nobody is there. At the next start each remembered leg is read from Telnyx (`GET
 * /calls/{id}`); one still alive, whose client_state is our transfer note (core/transfer-note.ts)
 * and which is not in its conference, is hung up. Then it is forgotten.
 */
import { listParticipants } from '../agent/rest-snapshot';
import { toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import { readTransferNote } from '../transfer-note';
import type { HistoryDatabase } from './database';

export interface TransferLegs {
  /** The console dialled a transfer target (not joined yet). */
  dialled(callControlId: string, conferenceId: string, at: number): void;
  /** The leg joined, hung up, or the transfer ended: nothing to clean up. */
  settled(callControlId: string): void;
  /** The legs remembered now (dialled and not settled). */
  pending(): string[];
  /** At start-up: hangs up every remembered leg still ringing alone; returns the legs it hung up. Never throws. */
  hangUpOrphans(gateway: TelnyxGateway, log: Logger): Promise<string[]>;
}

const isNotFound = (e: unknown) => toSwitchboardError(e).telnyx?.status === 404;

export function createTransferLegs(db: HistoryDatabase): TransferLegs {
  const insert = db.prepare('INSERT INTO transfer_legs (call_control_id, conference_id, dialled_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const remove = db.prepare('DELETE FROM transfer_legs WHERE call_control_id = ?');
  const all = db.prepare<{ call_control_id: string; conference_id: string }>('SELECT call_control_id, conference_id FROM transfer_legs ORDER BY dialled_at');

  /** Whether the leg must be hung up: alive, marked by our transfer note, and not in its conference. */
  const orphaned = async (gateway: TelnyxGateway, leg: string, conferenceId: string): Promise<boolean> => {
    let status;
    try {
      status = (await gateway.call('read a transfer target left ringing', (client) => client.calls.retrieveStatus(leg))).data;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
    if (!status?.is_alive || !readTransferNote(status.client_state)?.transfer) return false;
    const participants = await listParticipants(gateway, conferenceId).catch((e: unknown) => (isNotFound(e) ? [] : Promise.reject(e)));
    return !participants.some((p) => p.callControlId === leg && p.status !== 'left');
  };

  return {
    dialled: (leg, conferenceId, at) => void insert.run(leg, conferenceId, at),
    settled: (leg) => void remove.run(leg),
    pending: () => all.all().map((r) => r.call_control_id),
    async hangUpOrphans(gateway, log) {
      const hungUp: string[] = [];
      for (const { call_control_id: leg, conference_id: conferenceId } of all.all()) {
        try {
          if (await orphaned(gateway, leg, conferenceId)) {
            await gateway.call('hang up a transfer target left ringing', (client, commandId) => client.calls.actions.hangup(leg, { command_id: commandId }));
            hungUp.push(leg);
            log.info('hung up a transfer target left ringing when the app stopped', { callControlId: leg });
          }
          remove.run(leg);
        } catch (e) {
          log.warn('could not check a transfer target left ringing; tried again at the next start', { callControlId: leg, cause: String(e) });
        }
      }
      return hungUp;
    },
  };
}
