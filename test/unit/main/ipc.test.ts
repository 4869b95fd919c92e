/**
 * The IPC wrapper with Electron's own modules mocked (the one boundary we cannot cross in
 * Node). The same path runs for real in the `_electron` suite.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { methodChannel, methodNames } from '../../../electron/contract';

type Handler = (event: unknown, params: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { bindContract, isTrustedSender } = await import('../../../electron/main/ipc');
const { createDispatcher } = await import('../../../electron/core/dispatch');
const { createLogger } = await import('../../../electron/core/log');

const trustedContents = { id: 7 };
const mainFrame = { url: 'app://switchboard/index.html', parent: null };
const event = (overrides: { senderId?: number; frame?: { url: string; parent: unknown } | null }) => ({
  sender: { id: overrides.senderId ?? 7 },
  senderFrame: overrides.frame === undefined ? mainFrame : overrides.frame,
});

describe('IPC sender checks', () => {
  const calls: string[] = [];
  beforeEach(() => {
    handlers.clear();
    calls.length = 0;
    const dispatch = createDispatcher(
      Object.fromEntries(methodNames.map((m) => [m, async () => (calls.push(m), 'ran')])) as never,
      createLogger({ sink: () => undefined }),
    );
    bindContract(dispatch, () => trustedContents as never, createLogger({ sink: () => undefined }));
  });

  it('binds exactly one handler per contract method', () => {
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(methodChannel).sort());
  });

  it('runs a call from the app window', async () => {
    const outcome = await handlers.get('sb:agent.getState')!(event({}), {});
    expect(outcome).toEqual({ ok: true, value: 'ran' });
  });

  it.each([
    ['another webContents', event({ senderId: 99 })],
    ['an iframe of the app window', event({ frame: { url: 'app://switchboard/index.html', parent: mainFrame } })],
    ['a page navigated elsewhere', event({ frame: { url: 'https://evil.example/', parent: null } })],
    ['a file:// page', event({ frame: { url: 'file:///tmp/x.html', parent: null } })],
    ['a frame that is gone', event({ frame: null })],
  ])('refuses %s without running anything', async (_name, forged) => {
    const outcome = await handlers.get('sb:secrets.set')!(forged, { name: 'apiKey', value: 'KEY-stolen-12345' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('answers VALIDATION naming the field for a trusted sender with bad params', async () => {
    const outcome = await handlers.get('sb:conference.mute')!(event({}), { conferenceId: '' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'conferenceId' } });
    expect(calls).toEqual([]);
  });

  it('trusts nothing before the window exists', () => {
    expect(isTrustedSender({ senderId: 7, frameUrl: mainFrame.url, isMainFrame: true }, undefined)).toBe(false);
  });
});
