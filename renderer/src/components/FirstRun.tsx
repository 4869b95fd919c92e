import type { AppInfo } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from './CommandButton';

/** No API key and no demo yet: offer the demo, or the settings to connect a Telnyx account. */
export function FirstRun({ info, onOpenSettings }: { info?: AppInfo; onOpenSettings(): void }) {
  const demoAvailable = info?.demoAvailable ?? true;
  return (
    <main className="first-run" aria-labelledby="first-run-heading" data-focus-scope="main">
      <h1 id="first-run-heading">Welcome to Switchboard</h1>
      <p>Work your Telnyx call queues, talk to callers in conferences, and supervise live calls.</p>
      <div className="first-run-actions">
        {demoAvailable ? (
          <div className="choice">
            <CommandButton className="primary large" onRun={() => switchboard().demo.start()}>
              Try the demo
            </CommandButton>
            <p className="hint">Synthetic callers on a built-in simulator. No account needed.</p>
          </div>
        ) : null}
        <div className="choice">
          <button type="button" className="button large" onClick={onOpenSettings}>
            Open settings
          </button>
          <p className="hint">Connect your Telnyx API key, relay and agent endpoint.</p>
        </div>
      </div>
    </main>
  );
}
