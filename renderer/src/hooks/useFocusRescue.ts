import { useEffect } from 'react';

const controls = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [href], [tabindex]:not([tabindex="-1"])';

/** Where focus goes when the focused control of `scope` is gone. */
export function focusFallback(scope: HTMLElement): HTMLElement | null {
  return scope.querySelector<HTMLElement>('[data-focus-fallback]') ?? scope.querySelector<HTMLElement>(controls) ?? (scope.tabIndex >= 0 || scope.hasAttribute('tabindex') ? scope : null);
}

/**
 * Keeps keyboard focus from falling to the page when the focused control disappears: "Go
 * available" gives way to "Go away", the call's toolbar goes when the call ends, a queue row
 * goes when its call is taken. Without this the next Tab would start again from the top of the
 * window. The lost control's closest `data-focus-scope` (looked up again by name, since the
 * scope itself may have been replaced) gets the focus back: its `data-focus-fallback` element,
 * else its first enabled control.
 */
export function useFocusRescue(): void {
  useEffect(() => {
    let last: { element: HTMLElement; scope: string } | undefined;
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : undefined;
      const scope = target?.closest<HTMLElement>('[data-focus-scope]')?.dataset.focusScope;
      last = target && scope ? { element: target, scope } : undefined;
    };
    // Removing the focused element fires no event: watch the DOM, cheaply (one comparison per
    // batch of mutations unless the focused element was just removed).
    const observer = new MutationObserver(() => {
      if (!last || last.element.isConnected) return;
      const lost = last;
      last = undefined;
      if (document.activeElement && document.activeElement !== document.body) return;
      const scope = document.querySelector<HTMLElement>(`[data-focus-scope="${CSS.escape(lost.scope)}"]`);
      const fallback = scope ? focusFallback(scope) : null;
      fallback?.focus();
    });
    document.addEventListener('focusin', onFocusIn);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      observer.disconnect();
    };
  }, []);
}
