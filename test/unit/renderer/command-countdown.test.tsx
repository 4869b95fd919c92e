// @vitest-environment happy-dom
// A busy control shows the seconds left before main's command deadline (hardening 11), from the
// contract's constant; driven by fake timers, never by waiting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { COMMAND_DEADLINE_MS, type Outcome } from '../../../electron/contract';
import { CommandButton } from '../../../renderer/src/components/CommandButton';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('command deadline countdown', () => {
  it('counts down from COMMAND_DEADLINE_MS while busy, outside the accessible name, and goes when done', async () => {
    vi.useFakeTimers();
    let finish!: (o: Outcome<null>) => void;
    render(<CommandButton onRun={() => new Promise<Outcome<null>>((resolve) => (finish = resolve))}>Mute</CommandButton>);
    const button = screen.getByRole('button', { name: 'Mute' });
    expect(button.textContent).toBe('Mute');
    fireEvent.click(button);
    const full = `${COMMAND_DEADLINE_MS / 1000} s`;
    expect(button.querySelector('.countdown')?.textContent).toBe(full);
    act(() => vi.advanceTimersByTime(3_000));
    expect(button.querySelector('.countdown')?.textContent).toBe(`${COMMAND_DEADLINE_MS / 1000 - 3} s`);
    expect(screen.getByRole('button', { name: 'Mute' })).toBe(button); // the name stays "Mute"
    await act(async () => finish({ ok: true, value: null }));
    expect(button.querySelector('.countdown')).toBeNull();
  });
});
