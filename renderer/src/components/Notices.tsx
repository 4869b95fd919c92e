import { useEffect, useState } from 'react';
import type { Notice } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { DismissIcon } from './CommandButton';

const MAX_NOTICES = 4;

/**
 * Messages from main not tied to one control (e.g. a refused shortcut), plus local ones such as
 * a failed in-app shortcut. Errors stay until dismissed; the newest few are kept.
 */
export function Notices({ local, onDismissLocal }: { local: Notice[]; onDismissLocal(id: string): void }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(
    () =>
      switchboard().on('notice', (notice) => {
        setNotices((current) => [...current.filter((n) => n.id !== notice.id), notice].slice(-MAX_NOTICES));
      }),
    [],
  );
  const all = [...notices, ...local].slice(-MAX_NOTICES);
  return (
    // A landmark of its own: messages float over the page but are not part of any panel.
    <section className="notices" aria-label="Messages" aria-live="polite">
      {all.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <span>{notice.message}</span>
          <button
            type="button"
            className="dismiss"
            aria-label="Dismiss message"
            onClick={() => {
              setNotices((current) => current.filter((n) => n.id !== notice.id));
              onDismissLocal(notice.id);
            }}
          >
            <DismissIcon />
          </button>
        </div>
      ))}
    </section>
  );
}
