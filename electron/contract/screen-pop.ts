/**
 * Screen pop: the per-queue URL template opened in the system browser when a call is answered
 * (or on a click). Zod-free: the settings schema, the Settings form and core run the same check
 * and the same filling. The admin fixes the scheme and the host; call values only ever land in
 * the path, query or fragment, URL-encoded.
 */

export const screenPopPlaceholders = ['from', 'to', 'queue', 'call_id', 'conference_id', 'agent'] as const;
export type ScreenPopPlaceholder = (typeof screenPopPlaceholders)[number];
export type ScreenPopValues = Record<ScreenPopPlaceholder, string>;

/** When the pop opens: as soon as the agent is connected to the caller, or only from the call panel's button. */
export const screenPopTriggers = ['answer', 'click'] as const;
export type ScreenPopTrigger = (typeof screenPopTriggers)[number];

/** The template for calls from any queue that has none of its own. */
export const ANY_QUEUE = '*';

const placeholder = /\{([^{}]*)\}/g;
const known = new Set<string>(screenPopPlaceholders);
/** scheme://authority[/?#rest]: DOM-free, like relay-url.ts (the renderer and the schema share it). */
const urlShape = /^(https?):\/\/([^/?#]*)([/?#].*)?$/i;
const hostShape = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/i;

/** Why a template cannot be used, or undefined when it can (empty = no screen pop). */
export function screenPopTemplateProblem(template: string): string | undefined {
  if (template === '') return undefined;
  if (!/^https?:\/\//i.test(template)) return 'must start with http:// or https://';
  for (const [, name] of template.matchAll(placeholder)) {
    if (!known.has(name!)) return `unknown placeholder {${name}}; use ${screenPopPlaceholders.map((p) => `{${p}}`).join(', ')}`;
  }
  if (/[{}]/.test(template.replace(placeholder, ''))) return 'has an unmatched { or }';
  if (/\s/.test(template)) return 'may not contain spaces (placeholders are encoded; write %20 for a fixed space)';
  const parts = urlShape.exec(template);
  if (!parts) return 'is not a valid URL';
  const authority = parts[2]!;
  if (authority.includes('{')) return 'placeholders may not be in the host; put them in the path or the query';
  if (authority.includes('@')) return 'may not carry a user name or password';
  if (!hostShape.test(authority)) return 'needs a host such as crm.example.com';
  return undefined;
}

/** The template with every placeholder replaced by its URL-encoded value. */
export function fillScreenPop(template: string, values: ScreenPopValues): string {
  return template.replace(placeholder, (_, name: string) => encodeURIComponent(values[name as ScreenPopPlaceholder] ?? ''));
}

/** The template that applies to a call from `queue`: its own, else the any-queue one. */
export function screenPopTemplateFor(templates: ReadonlyArray<{ queue: string; url: string }>, queue: string | undefined): string | undefined {
  const own = queue ? templates.find((t) => t.queue === queue) : undefined;
  return (own ?? templates.find((t) => t.queue === ANY_QUEUE))?.url || undefined;
}

export interface ScreenPopMethodResults {
  'screenPop.open': { url: string };
}
