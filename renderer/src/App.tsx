import { useCallback, useEffect, useState } from 'react';
import { errorTitle, type AgentState, type AppInfo, type HistoryCall, type Notice, type Settings } from '../../electron/contract';
import { FailureNotes } from './components/CommandButton';
import { ConferencePanel } from './components/ConferencePanel';
import { FirstRun } from './components/FirstRun';
import { Notices } from './components/Notices';
import { QueuePanel } from './components/QueuePanel';
import { SettingsScreen } from './settings/SettingsScreen';
import { ShortcutHelp } from './components/ShortcutHelp';
import { StatusBar } from './components/StatusBar';
import { SupervisorPanel } from './components/SupervisorPanel';
import { UpdateBanner } from './components/UpdateBanner';
import { WrapUpPanel } from './components/WrapUpPanel';
import { useAgentState } from './hooks/useAgentState';
import { useMainValue } from './hooks/useMainValue';
import { useSettings } from './hooks/useSettings';
import { useFocusRescue } from './hooks/useFocusRescue';
import { useInAppShortcuts } from './hooks/useInAppShortcuts';
import { useShortcutStatus } from './hooks/useShortcutStatus';
import { CallBackButton } from './outbound/CallBackButton';
import { DialLinkDialog } from './outbound/DialLinkDialog';
import { DialPanel } from './outbound/DialPanel';
import { MissedCalls } from './outbound/MissedCalls';
import { useCallerIds } from './outbound/useCallerIds';
import { switchboard } from './bridge';
import { CallHistory } from './history/CallHistory';
import { SoftphonePanel } from './softphone/SoftphonePanel';
import { useSoftphone } from './softphone/useSoftphone';
import { orphanFailures } from './failures';
import { OfferPanel } from './team/OfferPanel';
import { TeamPanel } from './team/TeamPanel';
import { useTeamState } from './team/useTeamState';

type View = 'console' | 'settings';

/** Applies the theme choice: "system" leaves it to prefers-color-scheme (see styles.css). */
function useTheme(theme: Settings['theme'] | undefined) {
  useEffect(() => {
    document.documentElement.dataset.theme = theme ?? 'system';
  }, [theme]);
}

/** App info, read again whenever the mode changes (demo started or stopped, a key saved). */
function useAppInfo(mode: AgentState['mode'] | undefined): AppInfo | undefined {
  return useMainValue(() => switchboard().app.getInfo(), mode)[0];
}

export function App() {
  const { state, loadError, reload } = useAgentState();
  const { settings, update: updateSettings } = useSettings();
  const shortcuts = useShortcutStatus();
  const info = useAppInfo(state?.mode);
  const [view, setView] = useState<View>('console');
  const [helpOpen, setHelpOpen] = useState(false);
  const [localNotices, setLocalNotices] = useState<Notice[]>([]);
  const callerIds = useCallerIds(state?.mode ?? 'loading');
  const team = useTeamState();
  const softphone = useSoftphone(state, settings, updateSettings);
  useTheme(settings?.theme);
  useFocusRescue();

  const addLocalNotice = useCallback((message: string) => {
    const notice: Notice = { id: `local-${Date.now()}-${Math.random()}`, level: 'error', message, at: new Date().toISOString() };
    setLocalNotices((current) => [...current, notice].slice(-4));
  }, []);
  useInAppShortcuts({ statuses: shortcuts.statuses, onHelp: () => setHelpOpen(true), onError: addLocalNotice });

  // Settings (globalShortcuts) change what the OS accepted: refresh the shortcut states.
  const onSettings = useCallback(
    (next: Settings) => {
      updateSettings(next);
      shortcuts.refresh();
    },
    [updateSettings, shortcuts],
  );

  // Call history's row action, the same function while the agent's call state is: a new one on
  // every state push would render every history row again.
  const callBusy = Boolean(state?.conference || state?.outbound.dialing);
  const historyRowActions = useCallback(
    (call: HistoryCall) => (call.number ? <CallBackButton number={call.number} {...(call.queue ? { queue: call.queue } : {})} disabled={callBusy} /> : null),
    [callBusy],
  );

  if (!state) {
    return (
      <main className="loading">
        {loadError ? (
          <div role="alert">
            <p>Could not load the console: {errorTitle(loadError)}</p>
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          </div>
        ) : (
          <p role="status">Loading…</p>
        )}
      </main>
    );
  }

  const firstRun = state.mode === 'unconfigured' && view === 'console';
  const orphans = orphanFailures(state);

  return (
    <div className="app" data-revision={state.revision}>
      <header className="app-header">
        <span className="brand">Switchboard</span>
        <nav aria-label="Main" className="main-nav">
          <button type="button" className="nav-button" aria-current={view === 'console' ? 'page' : undefined} onClick={() => setView('console')}>
            Console
          </button>
          <button type="button" className="nav-button" aria-current={view === 'settings' ? 'page' : undefined} onClick={() => setView('settings')}>
            Settings
          </button>
          <button type="button" className="nav-button" aria-haspopup="dialog" onClick={() => setHelpOpen(true)}>
            Shortcuts <kbd>?</kbd>
          </button>
        </nav>
        {firstRun ? null : <StatusBar state={state} awayReasons={settings?.agentStates.awayReasons ?? []} />}
      </header>
      <UpdateBanner />
      {team ? <OfferPanel team={team} /> : null}
      <SoftphonePanel softphone={softphone} remembered={settings?.audioDevices} />
      <Notices local={localNotices} onDismissLocal={(id) => setLocalNotices((current) => current.filter((n) => n.id !== id))} />
      {orphans.length > 0 ? (
        <section className="orphan-failures" aria-label="Failed commands">
          <FailureNotes failures={orphans} />
        </section>
      ) : null}

      {firstRun ? (
        <FirstRun info={info} onOpenSettings={() => setView('settings')} />
      ) : view === 'settings' ? (
        settings ? (
          <SettingsScreen
            settings={settings}
            onSettings={onSettings}
            shortcuts={shortcuts.statuses}
            onShortcuts={shortcuts.update}
            mode={state.mode}
            info={info}
            softphoneRunning={softphone.view.status !== 'off'}
          />
        ) : (
          <p role="status">Loading settings…</p>
        )
      ) : settings ? (
        <main className="console" data-focus-scope="main">
          <h1 className="visually-hidden">Agent console</h1>
          <QueuePanel state={state} sla={settings.sla} />
          <div className="center-column">
            <ConferencePanel state={state} settings={settings} softphone={softphone.enabled ? softphone : undefined} onSettingsChange={updateSettings} />
            <WrapUpPanel state={state} settings={settings} />
          </div>
          <div className="side-column">
            {team?.me?.role === 'supervisor' ? <TeamPanel team={team} state={state} /> : null}
            <SupervisorPanel state={state} />
            <CallHistory rowActions={historyRowActions} />
            <DialPanel state={state} settings={settings} callerIds={callerIds} />
            <MissedCalls busy={callBusy} />
          </div>
          <DialLinkDialog state={state} settings={settings} callerIds={callerIds} />
        </main>
      ) : (
        <p role="status">Loading settings…</p>
      )}
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} statuses={shortcuts.statuses} />
    </div>
  );
}

