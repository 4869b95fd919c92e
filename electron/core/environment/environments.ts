/**
 * Which environment core runs in: live, until the host's demo is started, and live again when
 * it stops. Also keeps every secret in memory ready for the log redactor, which asks on every
 * line (decrypting each time would be a synchronous OS call per line).
 */
import { CommandError } from '../errors';
import type { Logger } from '../log';
import type { SecretsService } from '../secrets-service';
import type { SettingsService } from '../settings-service';
import { createDemoEnvironment, type DemoLauncher, type DemoServices } from './demo-environment';
import type { Environment, TelnyxOverrides } from './environment';
import { createLiveEnvironment } from './live-environment';

export interface Environments<D extends DemoServices> {
  current(): Environment;
  /** The running demo, if any. */
  demo(): D | undefined;
  /** False when the host offers no demo. */
  readonly demoAvailable: boolean;
  /** Starts the host's demo and makes it current; undefined if one already runs. */
  enterDemo(): Promise<D | undefined>;
  /** Makes live current again and hands back the demo that ran, for the caller to stop once the engine let go of it. */
  leaveDemo(): D | undefined;
  /** Live secrets and the current environment's, cached. */
  secretValues(): string[];
}

export interface EnvironmentsDeps<D extends DemoServices> {
  settings: SettingsService;
  secrets: SecretsService;
  telnyx?: TelnyxOverrides;
  launchDemo?: DemoLauncher<D>;
  log: Logger;
}

export function createEnvironments<D extends DemoServices>(deps: EnvironmentsDeps<D>): Environments<D> {
  const live = createLiveEnvironment({ settings: deps.settings, secrets: deps.secrets, ...(deps.telnyx ? { telnyx: deps.telnyx } : {}) });
  let demo: { services: D; environment: Environment } | undefined;
  let secretCache: string[] = [];
  const refreshSecrets = () => {
    secretCache = [...live.secrets(), ...(demo ? demo.environment.secrets() : [])];
  };
  refreshSecrets();
  deps.secrets.onChange(refreshSecrets);
  // A keyring locked at start-up may open later: the redactor must learn the key as soon as core can read it.
  deps.secrets.onReadable(refreshSecrets);

  return {
    current: () => demo?.environment ?? live,
    demo: () => demo?.services,
    demoAvailable: Boolean(deps.launchDemo),
    async enterDemo() {
      if (demo) return undefined;
      if (!deps.launchDemo) throw new CommandError({ code: 'INVALID_STATE', message: 'Demo mode is not available here' });
      const services = await deps.launchDemo(deps.log);
      demo = { services, environment: createDemoEnvironment(services, deps.telnyx) };
      refreshSecrets();
      return services;
    },
    leaveDemo() {
      const services = demo?.services;
      demo = undefined;
      refreshSecrets();
      return services;
    },
    secretValues: () => secretCache,
  };
}
