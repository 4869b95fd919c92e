/**
 * The only file that touches `ipcMain`. Each contract method gets one handler that
 * (a) refuses any sender but the app's own top-level frame, (b) validates params and
 * (c) maps errors — the last two in core's dispatcher, shared with the test harness.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { eventChannel, methodChannel, methodNames, type EventName, type EventPayloads, type Outcome } from '../contract';
import type { Dispatch } from '../core/dispatch';
import type { Logger } from '../core/log';
import { APP_ORIGIN } from './app-protocol';

export interface SenderInfo {
  /** The webContents the message came from. */
  senderId: number;
  /** URL of the frame that sent it; null when the frame is gone. */
  frameUrl: string | null;
  /** True when the frame is the top-level frame of its page (not an iframe). */
  isMainFrame: boolean;
}

export function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    senderId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame !== undefined && frame.parent === null,
  };
}

/** Trusted = our window's webContents, its top-level frame, showing our own origin. */
export function isTrustedSender(info: SenderInfo, trustedWebContentsId: number | undefined): boolean {
  if (trustedWebContentsId === undefined || info.senderId !== trustedWebContentsId) return false;
  if (!info.isMainFrame || !info.frameUrl) return false;
  try {
    // Node's URL gives origin "null" for custom schemes, so compare scheme and host.
    const url = new URL(info.frameUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

const forbidden: Outcome<never> = { ok: false, error: { code: 'FORBIDDEN', message: 'Sender is not the Switchboard window' } };

export function bindContract(dispatch: Dispatch, trusted: () => WebContents | undefined, log: Logger): () => void {
  for (const method of methodNames) {
    ipcMain.handle(methodChannel(method), async (event, params: unknown) => {
      if (!isTrustedSender(senderInfo(event), trusted()?.id)) {
        log.warn('IPC from an untrusted sender refused', { method, frame: event.senderFrame?.url });
        return forbidden;
      }
      return dispatch(method, params);
    });
  }
  return () => methodNames.forEach((method) => ipcMain.removeHandler(methodChannel(method)));
}

export function sendEvent<E extends EventName>(target: WebContents | undefined, event: E, payload: EventPayloads[E]): void {
  if (target && !target.isDestroyed()) target.send(eventChannel(event), payload);
}
