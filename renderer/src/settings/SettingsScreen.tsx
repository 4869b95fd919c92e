/**
 * The Settings screen: one section per file in this folder. Secrets, preferences and shortcuts
 * are each saved by their own command; main validates every one.
 */
import type { AgentState, AppInfo, Settings, ShortcutStatus } from '../../../electron/contract';
import { AccountSection } from './AccountSection';
import { AfterCallSection } from './AfterCallSection';
import { OutboundSection } from './OutboundSection';
import { AudioDevicesSection } from './AudioDevicesSection';
import { PreferencesForm } from './PreferencesForm';
import { ShortcutSection } from './ShortcutSection';
import { UpdatesSection } from './UpdatesSection';

interface SettingsScreenProps {
  settings: Settings;
  onSettings(next: Settings): void;
  shortcuts: ShortcutStatus[];
  onShortcuts(next: ShortcutStatus[]): void;
  mode: AgentState['mode'];
  info?: AppInfo;
  /** The built-in softphone is registered now (the audio test then leaves the connection alone). */
  softphoneRunning?: boolean;
}

export function SettingsScreen({ settings, onSettings, shortcuts, onShortcuts, mode, info, softphoneRunning = false }: SettingsScreenProps) {
  return (
    <main className="settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <AccountSection mode={mode} />
      <PreferencesForm settings={settings} onSettings={onSettings} />
      <AfterCallSection settings={settings} onSettings={onSettings} />
      <OutboundSection settings={settings} onSettings={onSettings} mode={mode} />
      <AudioDevicesSection settings={settings} onSettings={onSettings} softphoneRunning={softphoneRunning} />
      <ShortcutSection shortcuts={shortcuts} onShortcuts={onShortcuts} />
      <UpdatesSection info={info} />
    </main>
  );
}
