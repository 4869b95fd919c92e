/**
 * The softphone's life in the console: registered while the agent is available (connecting,
 * available, wrap-up or on a call) in softphone mode, off otherwise; the mute key silences the
 * microphone at once; the local track and Telnyx's `muted` are reconciled on every state push.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentState, Settings, SoftphoneSession } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { isMacPlatform, matchesAccelerator } from '../key-matching';
import { myParticipant } from '../participants';
import type { DeviceRole } from './devices';
import { reconcileMute } from './mute';
import { useAudioDevices } from './useAudioDevices';
import type { Softphone } from './types';
import { initialView, SoftphoneClient, type SoftphoneView } from './softphone-client';

export type { Softphone } from './types';

const REGISTERED_WHILE: ReadonlyArray<AgentState['agent']['status']> = ['connecting', 'available', 'wrap-up'];

export function useSoftphone(state: AgentState | undefined, settings: Settings | undefined, onSettings?: (next: Settings) => void): Softphone {
  const [session, setSession] = useState<SoftphoneSession>();
  const [view, setView] = useState<SoftphoneView>(initialView);
  const client = useRef<SoftphoneClient | undefined>(undefined);
  const askedRemote = useRef<string | undefined>(undefined);

  // The session depends on the mode (demo has its own simulator) and on the endpoint mode.
  useEffect(() => {
    let active = true;
    void switchboard()
      .softphone.session()
      .then((outcome) => active && outcome.ok && setSession(outcome.value));
    return () => void (active = false);
  }, [state?.mode, settings?.endpointMode, settings?.softphone.credentialConnectionId]);

  // Devices: resolved from the remembered labels; read again once registration shows the microphone is allowed.
  const audioDevices = useAudioDevices(settings?.audioDevices, view.status);
  const resolvedRef = useRef(audioDevices.resolved);
  useEffect(() => {
    resolvedRef.current = audioDevices.resolved;
    client.current?.useDevices(audioDevices.resolved);
  }, [audioDevices.resolved]);

  const onCall = Boolean(state?.conference?.isMine);
  const shouldRun = Boolean(session?.enabled && state && (REGISTERED_WHILE.includes(state.agent.status) || onCall));
  useEffect(() => {
    if (!shouldRun || !session) return;
    const c = new SoftphoneClient(switchboard(), session, setView);
    client.current = c;
    c.useDevices(resolvedRef.current);
    void c.start().catch(() => undefined);
    return () => {
      client.current = undefined;
      void c.stop();
    };
  }, [shouldRun, session]);

  // Call quality is kept per conference the agent talks in (one history row each).
  const myConferenceId = state?.conference?.isMine ? state.conference.id : undefined;
  useEffect(() => client.current?.setConference(myConferenceId), [myConferenceId]);

  const me = state?.conference ? myParticipant(state.conference) : undefined;
  const mute = reconcileMute({
    localMuted: view.localMuted,
    remoteMuted: view.call && me ? me.muted : undefined,
    remotePending: Boolean(me?.pending.includes('muted')),
    wanted: view.wanted,
    answered: Boolean(view.wantedAnswered),
  });

  const requestMute = useCallback((muted: boolean) => {
    client.current?.request(muted);
  }, []);

  // Repairs: the local side at once; Call Control once per mismatch (its answer comes back as state).
  const conferenceId = state?.conference?.id;
  useEffect(() => {
    const c = client.current;
    if (!c) return;
    if (me?.pending.includes('muted')) c.noteRemotePending();
    for (const repair of mute.repairs) {
      if (repair === 'mute-local') c.setLocalMuted(true);
      if (repair === 'unmute-local') c.setLocalMuted(false);
      if ((repair === 'mute-remote' || repair === 'unmute-remote') && conferenceId && me) {
        const key = `${repair}:${me.callControlId}`;
        if (askedRemote.current === key) continue;
        askedRemote.current = key;
        const target = { conferenceId, callControlIds: [me.callControlId] };
        void (repair === 'mute-remote' ? switchboard().conference.mute(target) : switchboard().conference.unmute(target));
      }
    }
    if (mute.repairs.length === 0) askedRemote.current = undefined;
    // Telnyx agrees with the agent's wish: from now on its truth governs (a supervisor may change it).
    if (me && !me.pending.includes('muted') && view.wanted === me.muted) c.request(undefined);
  });

  // Ctrl+Shift+M (or the agent's own key) silences the microphone before main even hears of it.
  const muteKey = settings?.shortcuts.toggleMute;
  useEffect(() => {
    if (!muteKey) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.repeat || !client.current || !matchesAccelerator(event, muteKey, isMacPlatform())) return;
      requestMute(!(view.localMuted || me?.muted));
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [muteKey, requestMute, view.localMuted, me?.muted]);

  const chooseDevice = useCallback(
    (role: DeviceRole, label: string) => {
      if (!settings) return;
      void switchboard()
        .settings.set({ audioDevices: { ...settings.audioDevices, [role]: label } })
        .then((outcome) => outcome.ok && onSettings?.(outcome.value));
    },
    [settings, onSettings],
  );

  return {
    enabled: Boolean(session?.enabled),
    devices: audioDevices,
    chooseDevice,
    view,
    mute,
    requestMute,
    answerOther: (accept) => void client.current?.answerOther(accept),
  };
}
