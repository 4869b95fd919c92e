/**
 * The contract methods core answers itself: app info, settings, secrets, the connection test,
 * demo mode and shortcut settings. The agent's methods are the engine's (agent/handlers.ts);
 * updates.* are in updates/updates-port.ts.
 */
import type { AppInfo, ShortcutAction } from '../contract';
import type { EngineMethods } from './agent/handlers';
import type { Handlers } from './dispatch';
import { CommandError } from './errors';
import type { SecretsService } from './secrets-service';
import type { SettingsService } from './settings-service';
import type { ShortcutService } from './shortcut-registration';
import type { TelnyxGateway } from './telnyx-gateway';
import type { SoftphoneAudioMethods } from './softphone/softphone-audio';
import type { HistoryMethods } from './history';
import type { SoftphoneMethods } from './softphone/softphone-handlers';
import type { TeamMethods } from './team/team-handlers';
import type { UpdateMethods } from './updates/updates-port';

export interface CoreHandlerDeps {
  appInfo(): AppInfo;
  openExternal?(url: string): Promise<void>;
  settings: SettingsService;
  secrets: SecretsService;
  gateway: TelnyxGateway;
  shortcuts: ShortcutService;
  demoMode: { start(): Promise<void>; stop(): Promise<void> };
  runShortcut(action: ShortcutAction): Promise<void>;
}

export function createCoreHandlers(deps: CoreHandlerDeps): Omit<Handlers, EngineMethods | UpdateMethods | SoftphoneMethods | SoftphoneAudioMethods | HistoryMethods | TeamMethods> {
  const { settings, secrets, shortcuts } = deps;
  return {
    'app.getInfo': async () => deps.appInfo(),
    'app.openExternal': async ({ url }) => {
      if (!deps.openExternal) throw new CommandError({ code: 'INVALID_STATE', message: 'Opening links is not available here' });
      await deps.openExternal(url);
      return null;
    },
    'settings.get': async () => settings.get(),
    'settings.set': async (patch) => settings.set(patch),
    'secrets.status': async () => secrets.status(),
    'secrets.set': async ({ name, value }) => secrets.set(name, value),
    'secrets.clear': async ({ name }) => secrets.clear(name),
    'secrets.acceptWeakStorage': async ({ accept }) => secrets.acceptWeakStorage(accept),
    'telnyx.testConnection': async () => deps.gateway.testConnection(),
    'demo.start': async () => {
      await deps.demoMode.start();
      return deps.appInfo();
    },
    'demo.stop': async () => {
      await deps.demoMode.stop();
      return deps.appInfo();
    },
    'shortcuts.status': async () => shortcuts.status(),
    'shortcuts.set': async ({ action, accelerator }) => shortcuts.set(action, accelerator),
    'shortcuts.reset': async () => shortcuts.reset(),
    'shortcuts.trigger': async ({ action }) => {
      await deps.runShortcut(action);
      return null;
    },
  };
}
