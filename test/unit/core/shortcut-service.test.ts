// The core shortcut service with the real settings service: one spelling per combination,
// conflicts refused on set and reported when stored settings already clash, and an OS that
// refuses an accelerator (another app owns it) leaving that action in-app only.
import { describe, expect, it } from 'vitest';
import { defaultShortcuts, normaliseAccelerator, shortcutActions, type ShortcutAction } from '../../../electron/contract';
import { createLogger } from '../../../electron/core/log';
import { createSettingsService } from '../../../electron/core/settings-service';
import { createShortcutService, type ShortcutRegistrar } from '../../../electron/core/shortcut-registration';
import { createMemoryStore } from '../../harness/host-adapters';
import { CommandError } from '../../../electron/core/errors';

const log = createLogger({ level: 'error', sink: () => {} });

/** An OS shortcut table: refuses what another app owns, runs the callback on `press`. */
function fakeOs(ownedElsewhere: string[] = []) {
  const registered = new Map<string, () => void>();
  const registrar: ShortcutRegistrar = {
    register(accelerator, callback) {
      if (ownedElsewhere.includes(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregisterAll: () => registered.clear(),
  };
  return { registrar, registered, press: (accelerator: string) => registered.get(accelerator)?.() };
}

function setup(options: { owned?: string[]; stored?: Record<string, unknown>; registrar?: boolean } = {}) {
  const settings = createSettingsService(createMemoryStore(options.stored ? { settings: options.stored } : {}));
  const os = fakeOs(options.owned);
  const ran: ShortcutAction[] = [];
  const service = createShortcutService({
    settings,
    run: (action) => ran.push(action),
    log,
    ...(options.registrar === false ? {} : { registrar: os.registrar }),
  });
  return { settings, os, ran, service };
}

describe('normaliseAccelerator', () => {
  it.each([
    ['Shift+Ctrl+m', 'Control+Shift+M'],
    ['Control+Shift+M', 'Control+Shift+M'],
    ['CmdOrCtrl+Shift+A', 'CommandOrControl+Shift+A'],
    ['shift + commandorcontrol + a', 'CommandOrControl+Shift+A'],
    ['Option+Meta+F5', 'Alt+Super+F5'],
    ['Ctrl+Ctrl+X', 'Control+X'],
    ['Alt+Space', 'Alt+Space'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseAccelerator(input)).toBe(expected);
  });
});

describe('shortcut service', () => {
  it('registers every default with the OS, and the OS callback runs the action', () => {
    const { service, os, ran } = setup();
    const statuses = service.apply();
    expect(statuses.map((s) => [s.action, s.state])).toEqual(Object.keys(defaultShortcuts).map((a) => [a, 'registered']));
    expect([...os.registered.keys()].sort()).toEqual(Object.values(defaultShortcuts).sort());
    os.press(defaultShortcuts.toggleMute);
    expect(ran).toEqual(['toggleMute']);
  });

  it('refuses a set that clashes with another action under a different spelling, and changes nothing', () => {
    const { service, settings } = setup();
    service.apply();
    let caught: unknown;
    try {
      service.set('toggleHold', 'Shift+CmdOrCtrl+M'); // = toggleMute's CommandOrControl+Shift+M
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CommandError);
    expect((caught as CommandError).error).toMatchObject({ code: 'SHORTCUT_REFUSED', field: 'accelerator' });
    expect((caught as CommandError).error.message).toMatch(/Mute/i);
    expect(settings.get().shortcuts.toggleHold).toBe(defaultShortcuts.toggleHold);
  });

  it('lets an action take a new spelling of its own accelerator and re-registers', () => {
    const { service, os, ran } = setup();
    service.apply();
    const statuses = service.set('toggleMute', 'Alt+F9');
    expect(statuses.find((s) => s.action === 'toggleMute')).toMatchObject({ accelerator: 'Alt+F9', state: 'registered' });
    expect(os.registered.has(defaultShortcuts.toggleMute)).toBe(false);
    os.press('Alt+F9');
    expect(ran).toEqual(['toggleMute']);
    expect(service.set('toggleMute', 'Option+F9').find((s) => s.action === 'toggleMute')?.state).toBe('registered');
  });

  it('rejects an accelerator the contract does not accept', () => {
    const { service } = setup();
    expect(() => service.set('leave', 'Ctrl+Shift+NotAKey')).toThrow();
  });

  it('reports a conflict already present in stored settings, registering only the first owner', () => {
    const stored = { shortcuts: { ...defaultShortcuts, leave: 'Shift+CommandOrControl+A' } };
    const { service, os } = setup({ stored });
    const statuses = service.apply();
    expect(statuses.find((s) => s.action === 'takeNext')?.state).toBe('registered');
    const leave = statuses.find((s) => s.action === 'leave');
    expect(leave?.state).toBe('conflict');
    expect(leave?.message).toMatch(/Take next/i);
    // Every action but the one in conflict.
    expect(os.registered.size).toBe(shortcutActions.length - 1);
  });

  it('marks an accelerator the OS refuses as refused, and keeps the others registered', () => {
    const { service, os } = setup({ owned: [defaultShortcuts.toggleHold] });
    const statuses = service.apply();
    const hold = statuses.find((s) => s.action === 'toggleHold');
    expect(hold?.state).toBe('refused');
    expect(hold?.message).toContain(defaultShortcuts.toggleHold);
    expect(statuses.filter((s) => s.state === 'registered')).toHaveLength(shortcutActions.length - 1);
    expect(os.registered.has(defaultShortcuts.toggleHold)).toBe(false);
    // Moving it to a free accelerator registers it.
    expect(service.set('toggleHold', 'Alt+F10').find((s) => s.action === 'toggleHold')?.state).toBe('registered');
  });

  it('without global shortcuts (setting off, or no registrar) everything is in-app', () => {
    const off = setup({ stored: { globalShortcuts: false } });
    expect(off.service.apply().every((s) => s.state === 'in-app')).toBe(true);
    expect(off.os.registered.size).toBe(0);
    const none = setup({ registrar: false });
    expect(none.service.apply().every((s) => s.state === 'in-app')).toBe(true);
  });

  it('reset restores the defaults; dispose unregisters everything', () => {
    const { service, os, settings } = setup();
    service.apply();
    service.set('leave', 'Alt+F11');
    service.reset();
    expect(settings.get().shortcuts).toEqual(defaultShortcuts);
    expect(os.registered.has(defaultShortcuts.leave)).toBe(true);
    service.dispose();
    expect(os.registered.size).toBe(0);
  });
});
