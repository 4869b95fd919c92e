/**
 * The demo's loopback audio test: main dials the agent's softphone (marked with AUDIO_TEST_HEADER,
 * so the renderer answers only the test it asked for) and a far end the simulator answers by
 * itself, then bridges the two once both answered. The far end's synthetic voice reaches the agent
 * (does the speaker play?), and what the far end heard of the agent's microphone is read from the
 * simulator (is the microphone heard?). Live there is no such far end: the renderer runs the
 * SDK's pre-call check instead.
 */
import { randomUUID } from 'node:crypto';
import type Telnyx from 'telnyx';
import { AUDIO_TEST_HEADER, type Settings } from '../../contract';
import { CommandError } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import type { AudioTestLine } from './softphone-audio';
import { findOrCreateCredential } from './credential';
import type { SoftphoneAccount } from './credential';

/** What the demo supplies: a far end that answers by itself, and what a leg heard. */
export interface AudioTestFarEndSource {
  farEnd: string;
  /** The loudest RMS the leg heard over the last seconds (0 when unknown). */
  heardRms(callControlId: string): number;
}

export interface AudioTestLineDeps {
  gateway: TelnyxGateway;
  account(): SoftphoneAccount;
  settings(): Settings;
  source: AudioTestFarEndSource;
  log: Logger;
  /** Waits between bridge attempts while the two legs are still ringing. */
  pause?(ms: number): Promise<void>;
}

const BRIDGE_ATTEMPTS = 150; // 30 s: answering waits for the renderer and ICE, slow on a busy machine
const BRIDGE_RETRY_MS = 200;

export function createAudioTestLine(deps: AudioTestLineDeps): AudioTestLine {
  const tests = new Map<string, { softphoneLeg: string; farLeg: string }>();
  const pause = deps.pause ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const hangup = (leg: string) =>
    deps.gateway.call('end audio test leg', (client) => client.calls.actions.hangup(leg, {})).catch(() => undefined);

  /** Bridges once both legs answered (the softphone's answer comes from the renderer, so retry a while). */
  const bridgeWhenAnswered = async (testId: string) => {
    for (let attempt = 0; attempt < BRIDGE_ATTEMPTS; attempt++) {
      const test = tests.get(testId);
      if (!test) return;
      try {
        // The published spec's field is `call_control_id` (the SDK's type names it call_control_id_to_bridge_with).
        const params = { call_control_id: test.softphoneLeg } as unknown as Parameters<Telnyx['calls']['actions']['bridge']>[1];
        await deps.gateway.call('bridge audio test', (client) => client.calls.actions.bridge(test.farLeg, params));
        return;
      } catch {
        await pause(BRIDGE_RETRY_MS);
      }
    }
    deps.log.warn('audio test: the two legs never both answered');
  };

  return {
    async start() {
      const { connectionId, callerId } = deps.settings().agent;
      const { sipUsername } = await findOrCreateCredential(deps.gateway, deps.account(), deps.log);
      const testId = randomUUID();
      const dial = (to: string, headers?: Array<{ name: string; value: string }>) =>
        deps.gateway.call('dial audio test', (client) => client.calls.dial({ connection_id: connectionId, from: callerId, to, ...(headers ? { custom_headers: headers } : {}) }));
      const farLeg = (await dial(deps.source.farEnd)).data?.call_control_id;
      const softphoneLeg = (await dial(`sip:${sipUsername}@sip.telnyx.com`, [{ name: AUDIO_TEST_HEADER, value: testId }])).data?.call_control_id;
      if (!farLeg || !softphoneLeg) throw new CommandError({ code: 'INVALID_STATE', message: 'The audio test call could not be placed' });
      tests.set(testId, { softphoneLeg, farLeg });
      void bridgeWhenAnswered(testId);
      return { testId };
    },
    async finish(testId) {
      const test = tests.get(testId);
      if (!test) throw new CommandError({ code: 'INVALID_STATE', message: 'That audio test is over' });
      tests.delete(testId);
      const heardRms = deps.source.heardRms(test.farLeg);
      await Promise.all([hangup(test.softphoneLeg), hangup(test.farLeg)]);
      return { heardRms };
    },
  };
}
